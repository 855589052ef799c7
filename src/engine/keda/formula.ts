import type { EvalFunction, MathJsInstance, MathNode } from 'mathjs/number';
import { toMathjsSyntax } from '../../api/scaling-formula.js';
import { mathjs } from '../../lib/mathjs.js';
import type { Result } from '../../lib/result.js';
import { err, ok } from '../../lib/result.js';

/** The HPA's single External metric when `advanced.scalingModifiers` is used (KEDA's CompositeMetricName). */
export const COMPOSITE_METRIC_NAME = 'composite-metric';

/** Variables are trigger names; `null` stands for a failing trigger under fallback, for `??`. */
export type FormulaScope = Readonly<Record<string, number | null>>;

export interface FormulaError {
  readonly formula: string;
  readonly message: string;
}

type FormulaMath = Pick<MathJsInstance, 'parse' | 'compile'>;

let instance: FormulaMath | undefined;

// A private instance, so that nothing a formula does can change another formula's meaning;
// created on first use (see lib/mathjs.ts).
function formulaMath(): FormulaMath {
  if (instance !== undefined) return instance;
  const { all, create } = mathjs();
  // `all` is typed optional but always present in mathjs's full bundle.
  const math = create(all ?? {});
  // The number build lacks `??`'s implementation; KEDA's formulas use it for failing triggers.
  math.import({
    nullish: (value: unknown, fallback: unknown) => (value === null || value === undefined ? fallback : value),
  });
  const { compile, parse } = math; // kept before formulas lose access to them below
  // Functions that parse, import or define units would let a formula reach outside its own value
  // (or mutate this shared instance); mathjs's security guide recommends disabling them.
  math.import(
    Object.fromEntries(
      DISABLED.map((name) => [
        name,
        (): never => {
          throw new Error(`function ${name} is not allowed in a formula`);
        },
      ]),
    ),
    { override: true },
  );
  instance = { compile, parse };
  return instance;
}

const DISABLED = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'reviver',
  'replacer',
  'rationalize',
  'leafCount',
  'parser',
  'chain',
] as const;

// Assignments would write into the caller's scope object, and units or matrices are not metrics.
const FORBIDDEN_NODES = new Set(['AssignmentNode', 'FunctionAssignmentNode', 'BlockNode', 'ObjectNode']);

/** Checks a formula once, for the parser and for validation; evaluation re-checks. */
export function checkFormula(formula: string): Result<MathNode, FormulaError> {
  let root: MathNode;
  try {
    root = formulaMath().parse(toMathjsSyntax(formula));
  } catch (error) {
    return err({ formula, message: messageOf(error) });
  }
  const forbidden = root.filter((node) => FORBIDDEN_NODES.has(node.type));
  const first = forbidden[0];
  if (first !== undefined) {
    return err({ formula, message: `${first.type} is not allowed in a formula` });
  }
  return ok(root);
}

/**
 * Evaluates a scalingModifiers formula. A `null` result is returned as `null` (the caller turns it
 * into the fallback value); anything else that is not a finite number is an error, as in KEDA where
 * the formula must produce a float.
 */
export function evaluateFormula(formula: string, scope: FormulaScope): Result<number | null, FormulaError> {
  const compiled = compiledFormula(formula);
  if (!compiled.ok) return compiled;
  let value: unknown;
  try {
    value = compiled.value.evaluate(new Map(Object.entries(scope)));
  } catch (error) {
    return err({ formula, message: messageOf(error) });
  }
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'number' && Number.isFinite(value)) return ok(value);
  return err({ formula, message: `formula must produce a finite number, got ${describe(value)}` });
}

type CompiledFormula = EvalFunction;

// Formulas are evaluated on every poll and HPA sync: each text is checked and compiled once.
const compiledFormulas = new Map<string, Result<CompiledFormula, FormulaError>>();
const MAX_COMPILED_FORMULAS = 1_000;

function compiledFormula(formula: string): Result<CompiledFormula, FormulaError> {
  let compiled = compiledFormulas.get(formula);
  if (compiled === undefined) {
    const checked = checkFormula(formula);
    compiled = checked.ok ? compile(formula) : checked;
    if (compiledFormulas.size >= MAX_COMPILED_FORMULAS) compiledFormulas.clear();
    compiledFormulas.set(formula, compiled);
  }
  return compiled;
}

function compile(formula: string): Result<CompiledFormula, FormulaError> {
  try {
    return ok(formulaMath().compile(toMathjsSyntax(formula)));
  } catch (error) {
    return err({ formula, message: messageOf(error) });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) return value.constructor.name;
  return typeof value;
}
