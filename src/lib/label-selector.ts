import type { Result } from './result.js';
import { err, ok } from './result.js';

/** A parsed Kubernetes label selector: every requirement must hold (commas mean AND). */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
}

export type Requirement =
  | { readonly operator: 'In' | 'NotIn'; readonly key: string; readonly values: readonly string[] }
  | { readonly operator: 'Exists' | 'DoesNotExist'; readonly key: string };

export interface SelectorError {
  /** 0-based offset into the selector text. */
  readonly position: number;
  readonly message: string;
}

export type Labels = Readonly<Record<string, string>> | undefined;

export const EVERYTHING: LabelSelector = { requirements: [] };

/** `NotIn` (and `!=`) match when the key is absent, as in apimachinery's Requirement.Matches. */
export function matchesLabels(selector: LabelSelector, labels: Labels): boolean {
  return selector.requirements.every((requirement) => matchesRequirement(requirement, labels ?? {}));
}

function matchesRequirement(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  switch (requirement.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'In':
      return has && requirement.values.includes(labels[requirement.key] ?? '');
    case 'NotIn':
      return !has || !requirement.values.includes(labels[requirement.key] ?? '');
  }
}

/** Canonical text form, e.g. `app=web,environment notin (cloud)`. */
export function formatSelector(selector: LabelSelector): string {
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
      }
    })
    .join(',');
}

/** The `matchLabels` + `matchExpressions` form used in Deployment and Service specs. */
export interface StructuredSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | undefined }[]
    | undefined;
}

export function fromStructuredSelector(selector: StructuredSelector): Result<LabelSelector, SelectorError> {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ operator: 'In', key, values: [value] });
  }
  for (const expression of selector.matchExpressions ?? []) {
    const { key, operator } = expression;
    if (operator === 'In' || operator === 'NotIn') {
      requirements.push({ operator, key, values: [...(expression.values ?? [])] });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      requirements.push({ operator, key });
    } else {
      return err({
        position: 0,
        message: `unknown operator "${operator}": expected In, NotIn, Exists or DoesNotExist`,
      });
    }
  }
  return ok({ requirements });
}

// ---- parsing ----------------------------------------------------------------------------------

type TokenKind = 'identifier' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | ',' | '(' | ')' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly position: number;
}

const SYMBOLS: readonly TokenKind[] = ['==', '!=', '=', '!', ',', '(', ')'];
const SPECIAL = new Set(['!', '=', ',', '(', ')', ' ', '\t', '\n', '\r']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push({ kind: symbol, text: symbol, position: i });
      i += symbol.length;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL.has(text[i] ?? '') && !/\s/.test(text[i] ?? '')) i++;
    const word = text.slice(start, i);
    const kind: TokenKind = word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'identifier';
    tokens.push({ kind, text: word, position: start });
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}

class SelectorParser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Result<LabelSelector, SelectorError> {
    const requirements: Requirement[] = [];
    if (this.peek().kind === 'end') return ok({ requirements });
    for (;;) {
      const requirement = this.requirement();
      if (!requirement.ok) return requirement;
      requirements.push(requirement.value);
      const next = this.take();
      if (next.kind === 'end') return ok({ requirements });
      if (next.kind !== ',') return this.fail(next, 'a comma or the end of the selector');
    }
  }

  private requirement(): Result<Requirement, SelectorError> {
    if (this.peek().kind === '!') {
      this.take();
      const key = this.key();
      if (!key.ok) return key;
      return ok({ operator: 'DoesNotExist', key: key.value });
    }
    const key = this.key();
    if (!key.ok) return key;
    const op = this.peek();
    switch (op.kind) {
      case ',':
      case 'end':
        return ok({ operator: 'Exists', key: key.value });
      case '=':
      case '==':
      case '!=': {
        this.take();
        const value = this.value();
        if (!value.ok) return value;
        return ok({ operator: op.kind === '!=' ? 'NotIn' : 'In', key: key.value, values: [value.value] });
      }
      case 'in':
      case 'notin': {
        this.take();
        const values = this.valueSet();
        if (!values.ok) return values;
        return ok({ operator: op.kind === 'in' ? 'In' : 'NotIn', key: key.value, values: values.value });
      }
      default:
        return this.fail(op, `an operator (=, ==, !=, in, notin) or a comma after key "${key.value}"`);
    }
  }

  private key(): Result<string, SelectorError> {
    const token = this.take();
    if (token.kind !== 'identifier') return this.fail(token, 'a label key');
    const problem = checkLabelKey(token.text);
    return problem === undefined ? ok(token.text) : err({ position: token.position, message: problem });
  }

  private value(): Result<string, SelectorError> {
    const token = this.peek();
    if (token.kind !== 'identifier' && token.kind !== 'in' && token.kind !== 'notin') return ok(''); // `key=` selects the empty value
    this.take();
    const problem = checkLabelValue(token.text);
    return problem === undefined ? ok(token.text) : err({ position: token.position, message: problem });
  }

  private valueSet(): Result<string[], SelectorError> {
    const open = this.take();
    if (open.kind !== '(') return this.fail(open, 'an opening parenthesis "("');
    // Kubernetes refuses an empty set: `in ()` would select nothing, `notin ()` everything.
    if (this.peek().kind === ')') return this.fail(this.peek(), 'at least one value (an empty set matches nothing)');
    const values: string[] = [];
    for (;;) {
      const value = this.value();
      if (!value.ok) return value;
      values.push(value.value);
      const next = this.take();
      if (next.kind === ')') break;
      if (next.kind !== ',') return this.fail(next, 'a comma or a closing parenthesis ")"');
    }
    return ok([...new Set(values)].sort());
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: 0 };
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail<T>(token: Token, expected: string): Result<T, SelectorError> {
    const found = token.kind === 'end' ? 'the end of the selector' : `"${token.text}"`;
    return err({ position: token.position, message: `expected ${expected}, found ${found}` });
  }
}

// A `/scale` target's selector comes back as text on every read; answering with the same
// (immutable) object lets readers cache what they derive from it.
const parsedSelectors = new Map<string, Result<LabelSelector, SelectorError>>();
const MAX_PARSED_SELECTORS = 10_000;

/** Parses the text grammar `kubectl -l` and KEDA's `podSelector` accept, once per text. */
export function parseSelector(text: string): Result<LabelSelector, SelectorError> {
  let parsed = parsedSelectors.get(text);
  if (parsed === undefined) {
    parsed = new SelectorParser(tokenize(text)).parse();
    if (parsedSelectors.size >= MAX_PARSED_SELECTORS) parsedSelectors.clear();
    parsedSelectors.set(text, parsed);
  }
  return parsed;
}

export function formatSelectorError(text: string, error: SelectorError): string {
  return `invalid label selector "${text}" at column ${error.position + 1}: ${error.message}`;
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns what is wrong with a label key, or undefined when it is valid. */
export function checkLabelKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return `invalid label key "${key}": the prefix must be a DNS subdomain (lowercase alphanumerics, "-" and ".", at most 253 characters)`;
    }
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key "${key}": the name must be 1-63 characters of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric`;
  }
  return undefined;
}

/** Returns what is wrong with a label value, or undefined when it is valid (the empty value is valid). */
export function checkLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `invalid label value "${value}": must be at most 63 characters of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric`;
  }
  return undefined;
}
