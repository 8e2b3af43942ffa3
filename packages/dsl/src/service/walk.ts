import type { AskStatement, CaseDecl, ElseDecl, FlowFile, MatchStatement, OptionDecl, Statement } from "../ast/types.js";

/**
 * Where a statement stands: the node that holds it ("start" for the entry)
 * and the option, or the case or `else` of a match, whose body it is in.
 */
export interface StatementPlace {
  readonly owner: string;
  readonly ask: AskStatement | null;
  readonly option: OptionDecl | null;
  readonly match: MatchStatement | null;
  readonly arm: CaseDecl | ElseDecl | null;
}

/**
 * Every statement of the file in source order — the entry, then each node,
 * option and case bodies included — with an explicit stack: nesting depth is the
 * author's to choose, the call stack is not.
 */
export function forEachStatement(file: FlowFile, visit: (stmt: Statement, place: StatementPlace) => void): void {
  const owners: { name: string; body: readonly Statement[] }[] = [{ name: "start", body: file.entry }];
  for (const node of file.nodes) owners.push({ name: node.id.name, body: node.body });
  for (const owner of owners) {
    const stack: { list: readonly Statement[]; i: number; place: StatementPlace }[] = [
      { list: owner.body, i: 0, place: { owner: owner.name, ask: null, option: null, match: null, arm: null } },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.list.length) {
        stack.pop();
        continue;
      }
      const stmt = top.list[top.i++]!;
      visit(stmt, top.place);
      if (stmt.kind === "Ask") {
        for (let k = stmt.options.length - 1; k >= 0; k--) {
          const option = stmt.options[k]!;
          if (option.body !== null && option.body.length > 0) {
            stack.push({ list: option.body, i: 0, place: { owner: owner.name, ask: stmt, option, match: null, arm: null } });
          }
        }
      } else if (stmt.kind === "Match") {
        const arms: (CaseDecl | ElseDecl)[] = [...stmt.cases];
        if (stmt.else !== null) arms.push(stmt.else);
        for (let k = arms.length - 1; k >= 0; k--) {
          const arm = arms[k]!;
          if (arm.body !== null && arm.body.length > 0) {
            stack.push({ list: arm.body, i: 0, place: { owner: owner.name, ask: null, option: null, match: stmt, arm } });
          }
        }
      }
    }
  }
}
