import type { MathNode } from 'mathjs/number';
import { mathjs } from '../lib/mathjs.js';

/** What is wrong with a scalingModifiers formula, if anything. */
export interface FormulaProblem {
  readonly message: string;
  readonly expected: string;
}

/**
 * Checks the formula's syntax with mathjs (never `eval`, and expr-lang's logic operators allowed) and that every variable is a trigger name,
 * as KEDA's compile step does with the trigger names as its environment.
 */
export function checkFormula(formula: string, triggerNames: readonly string[]): FormulaProblem | undefined {
  let tree: MathNode;
  try {
    tree = mathjs().parse(toMathjsSyntax(formula));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { message: `invalid formula: ${reason}`, expected: 'an arithmetic expression over trigger names' };
  }
  const unknown = [...new Set(variablesOf(tree))].filter((name) => !triggerNames.includes(name)).sort();
  if (unknown.length === 0) return undefined;
  const known = triggerNames.length > 0 ? triggerNames.map((n) => `"${n}"`).join(', ') : 'none (give triggers a name)';
  return {
    message: `formula uses ${unknown.map((n) => `"${n}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a trigger name' : 'are not trigger names'}; trigger names: ${known}`,
    expected: 'variables that are trigger names',
  };
}

/**
 * KEDA's formulas are expr-lang, which spells logic `&&`, `||` and `!`; mathjs spells it `and`,
 * `or` and `not`. Rewritten outside string literals, so a formula works as written for KEDA.
 */
export function toMathjsSyntax(formula: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < formula.length; i++) {
    const char = formula[i] as string;
    const next = formula[i + 1];
    if (quote !== undefined) {
      out += char;
      if (char === '\\' && next !== undefined) {
        out += next;
        i++;
      } else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      out += char;
    } else if ((char === '&' && next === '&') || (char === '|' && next === '|')) {
      out += char === '&' ? ' and ' : ' or ';
      i++;
    } else if (char === '!' && next !== '=') out += ' not ';
    else out += char;
  }
  return out;
}

/** Symbols in the tree, minus those in function position (`max(a, b)` uses `a`, `b` only). */
export function variablesOf(tree: MathNode): string[] {
  const names: string[] = [];
  tree.traverse((node, path, parent) => {
    if (!mathjs().isSymbolNode(node)) return;
    if (parent?.type === 'FunctionNode' && path === 'fn') return;
    names.push(node.name);
  });
  return names;
}
