import type { MathNode } from 'mathjs/number';
import { mathjs } from '../lib/mathjs.js';

/** What is wrong with a scalingModifiers formula, if anything. */
export interface FormulaProblem {
  readonly message: string;
  readonly expected: string;
}

/**
 * Checks the formula's syntax with mathjs (never `eval`) and that every variable is a trigger name,
 * as KEDA's compile step does with the trigger names as its environment.
 */
export function checkFormula(formula: string, triggerNames: readonly string[]): FormulaProblem | undefined {
  let tree: MathNode;
  try {
    tree = mathjs().parse(formula);
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
