import { createBackend } from "./files/index.js";

// A placeholder page until the studio's editor lands: it lists the flows the
// backend sees and keeps the list current.
const backend = createBackend();
const list = document.getElementById("files")!;

async function render(): Promise<void> {
  list.replaceChildren(
    ...(await backend.list()).map((file) => {
      const item = document.createElement("li");
      item.textContent = file.path;
      return item;
    }),
  );
}

backend.onChange(() => void render());
render().catch((error: unknown) => {
  list.textContent = error instanceof Error ? error.message : String(error);
});
