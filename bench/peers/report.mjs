/**
 * Turns the measurements into the printed table and the PASS/MISS verdicts
 * on the targets. Every ratio compares figures taken in the same run.
 */

const n = (x) => x.toLocaleString("en");

export function fmtMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtUs(us) {
  if (us === undefined || us === null || Number.isNaN(us)) return "—";
  if (us >= 1000) return fmtMs(us / 1000);
  if (us >= 10) return `${us.toFixed(1)} µs`;
  return `${us.toFixed(2)} µs`;
}

const fmtMB = (mb) => (mb === undefined || mb === null ? "—" : `${mb.toFixed(1)} MB`);
const fmtBytes = (b) => (b === undefined ? "—" : `${n(b)} B`);
const fmtX = (x) => (x === undefined || !Number.isFinite(x) ? "—" : `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`);
/** A ratio judged against a threshold: one decimal always, so 12.4× is not printed as a passing 12×. */
const fmtX1 = (x) => (x === undefined || !Number.isFinite(x) ? "—" : `${x.toFixed(1)}×`);

function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c] ?? "").length)));
  const line = (r) => r.map((cell, c) => String(cell ?? "").padEnd(widths[c])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Ratios and PASS/MISS per target; a target that could not be measured is "n/a". */
export function evaluateTargets(results) {
  const targets = [];
  const add = (id, text, value, pass, detail) =>
    targets.push({ id, text, value, verdict: value === undefined || Number.isNaN(value) ? "n/a" : pass ? "PASS" : "MISS", detail });

  const big = results.compile.at(-1);
  const speedRatio = big?.inkjs?.median / big?.flowc?.median;
  add("compile-speed", `compile ≥20× faster than inkjs (${n(big?.size ?? 0)} questions)`, speedRatio, speedRatio >= 20, fmtX1(speedRatio));

  const mem = results.memory.at(-1);
  const memShare = mem?.flowc?.peakDeltaMB / mem?.inkjs?.peakDeltaMB;
  add("compile-memory", `compile peak memory < ¼ of inkjs (${n(mem?.size ?? 0)} questions)`, memShare, memShare < 0.25,
    Number.isFinite(memShare) ? `${(memShare * 100).toFixed(0)}% of inkjs` : "—");

  const ratios = (results.check ?? []).slice(1).map((c) => c.ratioToPrevious);
  const worst = ratios.length ? Math.max(...ratios) : undefined;
  const indexRatios = (results.check ?? []).slice(1).map((c) => c.references?.index?.ratioToPrevious);
  const reference = indexRatios.length && indexRatios.every((r) => r !== undefined)
    ? ` (the index reference pass: ${indexRatios.map((r) => fmtX1(r)).join(", ")})`
    : "";
  add("check-linear", "check linear: 10× the questions ≤ 12× the time", worst, worst <= 12,
    ratios.length ? ratios.map((r) => fmtX1(r)).join(", ") + reference : "—");

  const rt = results.runtime;
  // Each the median of the ratios measured inside each process (suite.mjs combineProcesses).
  const vsX = rt?.choiceRatios?.xstate?.median;
  const vsInk = rt?.choiceRatios?.inkjs?.median;
  add("choice-vs-xstate", "a choice ≥10× faster than XState", vsX, vsX >= 10, fmtX1(vsX));
  add("choice-vs-ink", "a choice ≥50× faster than inkjs", vsInk, vsInk >= 50, fmtX1(vsInk));

  const gz = results.size?.flowc?.gzipped;
  add("runtime-size", "runtime < 2 KB minified+gzipped", gz, gz < 2048, fmtBytes(gz));

  const wall = results.cli?.flowcCheck?.median;
  add("cli-startup", "`flowc check` of one small file < 0.4 s wall", wall, wall < 400, fmtMs(wall));
  return targets;
}

export function renderReport(results) {
  const out = [];
  const { meta } = results;
  out.push(`flowc vs inkjs ${meta.versions.inkjs} vs XState ${meta.versions.xstate} — node ${meta.node}, ${meta.cpus}× ${meta.cpuModel}${meta.quick ? " — QUICK RUN (smaller sizes, fewer rounds)" : ""}`);
  const load = Math.max(meta.loadBefore ?? 0, meta.loadAfter ?? 0);
  if (load > meta.cpus) {
    out.push(`WARNING: the machine was busy (1-minute load average up to ${load.toFixed(1)} on ${meta.cpus} CPUs): absolute times are inflated, ratios less so.`);
  }
  if (results.flowcError) out.push(`flowc not measured: ${results.flowcError} (build with \`npx tsup\`)`);
  out.push("");

  out.push("Generated trees (3 options per question; ~60% lead to a later question, the rest say two lines):");
  out.push(table(
    ["questions", "jump share", ".flow", ".ink", "XState JSON"],
    results.trees.map((t) => [n(t.questions), `${(t.jumpShare * 100).toFixed(1)}%`, fmtBytes(t.flowBytes), fmtBytes(t.inkBytes), fmtBytes(t.xstateBytes)]),
  ));
  out.push("");

  out.push("Compile to JSON (library, same process, interleaved; median; GC: time V8 spent collecting garbage during it):");
  out.push(table(
    ["questions", "flowc", "inkjs", "inkjs / flowc", "rounds", "flowc GC", "inkjs GC"],
    results.compile.map((c) => [
      n(c.size), fmtMs(c.flowc?.median), fmtMs(c.inkjs?.median), fmtX(c.inkjs?.median / c.flowc?.median), c.rounds,
      fmtMs(c.flowc?.gcMedian), fmtMs(c.inkjs?.gcMedian),
    ]),
  ));
  out.push("");

  out.push("Compile peak memory (fresh child per tool; peak RSS over an idle child with the same imports):");
  out.push(table(
    ["questions", "flowc peak", "inkjs peak", "flowc / inkjs", "flowc retained", "inkjs retained"],
    results.memory.map((m) => [n(m.size), fmtMB(m.flowc?.peakDeltaMB), fmtMB(m.inkjs?.peakDeltaMB),
      m.flowc ? `${((m.flowc.peakDeltaMB / m.inkjs.peakDeltaMB) * 100).toFixed(0)}%` : "—",
      fmtMB(m.flowc?.retainedMB), fmtMB(m.inkjs?.retainedMB)]),
  ));
  out.push("");

  out.push("Command line, source file → JSON file (wall, fresh process; median):");
  out.push(table(
    ["questions", "flowc build --emit json", "inkjs-compiler", "ratio"],
    results.cliBuild.map((c) => [n(c.size), fmtMs(c.flowc?.median), fmtMs(c.inkjs?.median), fmtX(c.inkjs?.median / c.flowc?.median)]),
  ));
  for (const c of results.cliBuild) if (c.flowcError) out.push(`  flowc build failed: ${c.flowcError}`);
  out.push("");

  if (results.check?.length) {
    out.push("flowc check alone (library; median; GC: time V8 spent collecting garbage during the check):");
    out.push(table(
      ["questions", "source", "time", "× previous size", "of it GC", "time outside GC", "× previous size"],
      results.check.map((c) => [
        n(c.size), fmtBytes(c.bytes), fmtMs(c.median), c.ratioToPrevious ? fmtX1(c.ratioToPrevious) : "",
        c.gcMedian === undefined ? "—" : fmtMs(c.gcMedian),
        c.outsideGcMedian === undefined ? "—" : fmtMs(c.outsideGcMedian),
        c.outsideGcRatioToPrevious ? fmtX1(c.outsideGcRatioToPrevious) : "",
      ]),
    ));
    out.push("");
    if (results.check[0].references) {
      out.push("The same texts through two reference passes, linear by construction, in the same rounds (floor.mjs): how much a linear pass grows on this machine.");
      out.push("scan: find and count every token. index: keep every token, map node names, resolve every `->`, walk what the entry reaches.");
      const ref = (c, name) => c.references[name];
      out.push(table(
        ["questions", "scan", "× previous size", "index", "× previous size", "check × previous size"],
        results.check.map((c) => [
          n(c.size),
          fmtMs(ref(c, "scan").median), ref(c, "scan").ratioToPrevious ? fmtX1(ref(c, "scan").ratioToPrevious) : "",
          fmtMs(ref(c, "index").median), ref(c, "index").ratioToPrevious ? fmtX1(ref(c, "index").ratioToPrevious) : "",
          c.ratioToPrevious ? fmtX1(c.ratioToPrevious) : "",
        ]),
      ));
      out.push("");
    }
  }

  if (results.cliCheck?.length) {
    out.push("`flowc check <file>` on the command line (wall, fresh process, start-up included; median):");
    out.push(table(
      ["questions", "wall", "× previous size", "runs"],
      results.cliCheck.map((c, i) => [
        n(c.size), fmtMs(c.median), i > 0 ? fmtX1(c.median / results.cliCheck[i - 1].median) : "", String(c.runs),
      ]),
    ));
    out.push("");
  }

  const rt = results.runtime;
  const processes = rt.processes ?? 1;
  const inEach = processes > 1 ? `, in each of ${processes} processes; the median process` : "";
  out.push(`Runtime, random walks on the ${n(rt.size)}-question flow (${n(rt.walks)} walks, ${n(rt.choices)} choices; median of ${rt.rounds} interleaved rounds${inEach}):`);
  const tools = ["flowc", "inkjs", "xstate"].filter((t) => rt[t]);
  out.push(table(
    ["tool", "per choice", "per start", "choice vs flowc"],
    tools.map((t) => [t, fmtUs(rt[t].perChoiceUs), fmtUs(rt[t].perStartUs), t === "flowc" ? fmtX(1) : fmtX(rt.choiceRatios?.[t]?.median)]),
  ));
  if (processes > 1) {
    out.push("  per process (each its own interleaved rounds):");
    for (const t of tools) {
      const perChoice = rt[t].perProcess.map((p) => fmtUs(p.perChoiceUs)).join(", ");
      const ratios = rt.choiceRatios?.[t] ? `; vs flowc ${rt.choiceRatios[t].perProcess.map((x) => fmtX(x)).join(", ")}` : "";
      out.push(`    ${t}: ${perChoice} per choice${ratios}`);
    }
  }
  out.push("");

  const ld = results.load;
  out.push(`Load a compiled ${n(ld.size)}-question flow from JSON text and start it (median of ${ld.rounds}):`);
  out.push(table(
    ["tool", "JSON", "load + start", "vs flowc"],
    tools.map((t) => [t, fmtBytes(ld.bytes[t]), fmtMs(ld[t]?.median), ld.flowc ? fmtX(ld[t]?.median / ld.flowc.median) : "—"]),
  ));
  out.push("");

  out.push("Browser bundle of a tiny app importing only the runtime (esbuild minify, gzip -9):");
  out.push(table(
    ["tool", "minified", "gzipped"],
    Object.entries(results.size).map(([t, s]) => [t, fmtBytes(s.minified), fmtBytes(s.gzipped)]),
  ));
  out.push("");

  const cli = results.cli;
  out.push(`CLI start-up (wall, median of ${cli.runs}): node -e 0 ${fmtMs(cli.nodeBare)}; flowc check ${cli.file}: ${fmtMs(cli.flowcCheck?.median)}`);
  if (cli.flowcError) out.push(`  flowc check failed: ${cli.flowcError}`);
  out.push(`  import cost in a fresh process: ${Object.entries(cli.imports).map(([k, v]) => `${k} ${fmtMs(v)}`).join(", ")}`);
  out.push("");

  out.push("Targets:");
  for (const t of results.targets) out.push(`  ${t.verdict.padEnd(4)}  ${t.text}: ${t.detail}`);
  return out.join("\n");
}
