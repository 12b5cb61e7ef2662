import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * docs/configuration.md, written from the one config class (libs/core/src/config/app-config.ts):
 * every property of `Environment` is a variable; its type and limits come from its class-validator
 * decorators, its default from its initializer (or the doc comment's `@default`), its meaning from
 * its doc comment. A variable added to the class appears here with no edit to this script;
 * scripts/config-docs.spec.ts fails while the committed file differs.
 *
 *   npm run docs:config           rewrite docs/configuration.md
 *   npm run docs:config -- --check exit 1 when it is stale
 */

export const CONFIG_SOURCE = 'libs/core/src/config/app-config.ts';
export const CONFIG_DOC = 'docs/configuration.md';
const CLASS_NAME = 'Environment';

export interface ConfigVariable {
  name: string;
  type: string;
  default: string;
  meaning: string;
}

/** The repository root, from the sources (scripts/) or the build (dist/scripts/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, CONFIG_SOURCE))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`${CONFIG_SOURCE} not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

interface Decorator {
  name: string;
  args: ts.Expression[];
}

function decoratorsOf(node: ts.PropertyDeclaration): Decorator[] {
  return (ts.getDecorators(node) ?? []).flatMap((d) => {
    const call = d.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return [];
    return [{ name: call.expression.text, args: [...call.arguments] }];
  });
}

/** A literal's value as the environment would spell it; undefined for anything computed. */
function literal(node: ts.Expression): string | undefined {
  if (ts.isNumericLiteral(node)) return String(Number(node.text));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (node.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return `-${node.operand.text}`;
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map(literal);
    return items.every((i) => i !== undefined) ? items.join(',') : undefined;
  }
  // Arithmetic of numbers only (`7 * 24 * 3600`).
  if (ts.isBinaryExpression(node) || ts.isParenthesizedExpression(node)) {
    const value = arithmetic(node);
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

function arithmetic(node: ts.Expression): number | undefined {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isParenthesizedExpression(node)) return arithmetic(node.expression);
  if (!ts.isBinaryExpression(node)) return undefined;
  const [a, b] = [arithmetic(node.left), arithmetic(node.right)];
  if (a === undefined || b === undefined) return undefined;
  const operations: Partial<Record<ts.SyntaxKind, (x: number, y: number) => number>> = {
    [ts.SyntaxKind.PlusToken]: (x, y) => x + y,
    [ts.SyntaxKind.MinusToken]: (x, y) => x - y,
    [ts.SyntaxKind.AsteriskToken]: (x, y) => x * y,
    [ts.SyntaxKind.SlashToken]: (x, y) => x / y,
  };
  const operation = operations[node.operatorToken.kind];
  return operation ? operation(a, b) : undefined;
}

const text = (node: ts.Node, source: ts.SourceFile) => node.getText(source);

/** "integer, 1–65535", "boolean", "one of `info`, `warn`", "list of integers, each 0–365" … */
function typeOf(decorators: Decorator[], source: ts.SourceFile): string {
  const has = (name: string) => decorators.find((d) => d.name === name);
  const each = (d: Decorator) => d.args.some((a) => ts.isObjectLiteralExpression(a) && /\beach\s*:\s*true/.test(text(a, source)));
  const bound = (name: string, list: boolean) => {
    const d = decorators.find((x) => x.name === name && each(x) === list);
    return d && d.args[0] ? text(d.args[0], source) : undefined;
  };
  const range = (list: boolean) => {
    const [min, max] = [bound('Min', list), bound('Max', list)];
    if (min !== undefined && max !== undefined) return `${min}–${max}`;
    if (min !== undefined) return `≥ ${min}`;
    if (max !== undefined) return `≤ ${max}`;
    return undefined;
  };
  const isIn = has('IsIn');
  if (isIn && isIn.args[0] && ts.isArrayLiteralExpression(isIn.args[0])) {
    return `one of ${isIn.args[0].elements.map((e) => `\`${literal(e) ?? text(e, source)}\``).join(', ')}`;
  }
  const parts: string[] = [];
  if (has('IsArray')) {
    const element = decorators.some((d) => d.name === 'IsInt' && each(d)) ? 'integers' : decorators.some((d) => d.name === 'IsNumber' && each(d)) ? 'numbers' : 'values';
    parts.push(`comma-separated ${element}`);
    const r = range(true);
    if (r) parts.push(`each ${r}`);
    return parts.join(', ');
  }
  if (has('IsBoolean')) return 'boolean (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`)';
  if (has('IsInt')) parts.push('integer');
  else if (has('IsNumber')) parts.push('number');
  else if (has('IsUrl')) parts.push('URL');
  else if (has('IsString')) parts.push('string');
  else parts.push('text');
  const r = range(false);
  if (r) parts.push(r);
  const minLength = has('MinLength');
  if (minLength?.args[0]) parts.push(`at least ${text(minLength.args[0], source)} characters`);
  const maxLength = has('MaxLength');
  if (maxLength?.args[0]) parts.push(`at most ${text(maxLength.args[0], source)} characters`);
  return parts.join(', ');
}

/** The doc comment's text (tags left out) and its `@default`, if any. */
function docOf(node: ts.PropertyDeclaration): { meaning: string; default?: string } {
  const jsDoc = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const last = jsDoc[jsDoc.length - 1];
  if (!last) return { meaning: '' };
  const comment = ts.getTextOfJSDocComment(last.comment) ?? '';
  const tag = last.tags?.find((t) => t.tagName.text === 'default');
  const fallback = tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined;
  return { meaning: comment.replace(/\s*\n\s*/g, ' ').trim(), default: fallback };
}

/** The variables of the config class, in the order the class declares them. */
export function configVariables(sourceText: string): ConfigVariable[] {
  const source = ts.createSourceFile(CONFIG_SOURCE, sourceText, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === CLASS_NAME);
  if (!found) throw new Error(`class ${CLASS_NAME} not found in ${CONFIG_SOURCE}`);
  return found.members.filter(ts.isPropertyDeclaration).map((member) => {
    const name = text(member.name, source);
    const doc = docOf(member);
    const initial = member.initializer ? literal(member.initializer) : undefined;
    const fallback =
      doc.default ?? (member.initializer ? (initial === undefined ? `\`${text(member.initializer, source)}\`` : initial === '' ? '(empty)' : `\`${initial}\``) : '—');
    return { name, type: typeOf(decoratorsOf(member), source), default: fallback, meaning: doc.meaning };
  });
}

const cell = (value: string) => value.replace(/\|/g, '\\|');

export function renderConfigDoc(variables: ConfigVariable[]): string {
  return [
    '# Configuration',
    '',
    `<!-- Generated by \`npm run docs:config\` from ${CONFIG_SOURCE}: edit the doc comments there, not this file. -->`,
    '',
    'The server reads its configuration from the environment once, at start, through one class',
    `(\`${CONFIG_SOURCE}\`, class-validator): a bad value stops it with a message naming the variable.`,
    'Every variable is optional. Security material (the token keys, the metrics token) comes only from here,',
    'never from a request or the database, and never reaches a log line or a response.',
    '',
    '| variable | type | default | meaning |',
    '|---|---|---|---|',
    ...variables.map((v) => `| \`${v.name}\` | ${cell(v.type)} | ${cell(v.default)} | ${cell(v.meaning || '(undocumented)')} |`),
    '',
  ].join('\n');
}

export function configDoc(root = repoRoot()): string {
  return renderConfigDoc(configVariables(readFileSync(join(root, CONFIG_SOURCE), 'utf8')));
}

function main(): void {
  const root = repoRoot();
  const target = join(root, CONFIG_DOC);
  const fresh = configDoc(root);
  if (process.argv.includes('--check')) {
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (committed !== fresh) {
      process.stderr.write(`${CONFIG_DOC} is stale: run \`npm run docs:config\`\n`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, fresh);
  process.stdout.write(`Wrote ${CONFIG_DOC} (${configVariables(readFileSync(join(root, CONFIG_SOURCE), 'utf8')).length} variables)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
