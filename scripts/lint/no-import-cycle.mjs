// Owns the lint rule `local/no-import-cycle`: an import that leads back to its own file is an error,
// type-only imports included. import-x/no-cycle skips `import type` edges with no option to count
// them, yet a type loop still ties two modules together (neither can move or be read alone), so this
// rule walks every edge. A type-only edge may be let through only by name, with a reason, in the config.
import { statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Code files an import can land on (anything else, e.g. a .json or .css import, ends a path). */
const CODE = /\.(?:[cm]?[jt]sx?)$/;

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  resolveJsonModule: false,
  jsx: ts.JsxEmit.ReactJSX,
};
const resolutionCache = ts.createModuleResolutionCache(process.cwd(), (name) => name, COMPILER_OPTIONS);

/** The project file a relative specifier names, or undefined (packages never lead back into the repo). */
function resolveSpecifier(specifier, fromFile) {
  if (!specifier.startsWith('.')) return undefined;
  const { resolvedModule } = ts.resolveModuleName(specifier, fromFile, COMPILER_OPTIONS, ts.sys, resolutionCache);
  if (!resolvedModule || resolvedModule.isExternalLibraryImport) return undefined;
  const file = path.resolve(resolvedModule.resolvedFileName);
  return CODE.test(file) ? file : undefined;
}

/** Edges of a file on disk, re-read when it changes (one lint run reads each file once). */
const fileEdges = new Map();

function scriptKind(file) {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Imports, re-exports, `import()` calls and `import('x').T` types of one file, parsed by TypeScript. */
function edgesOnDisk(file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return [];
  }
  const cached = fileEdges.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.edges;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, scriptKind(file));
  const edges = [];
  const add = (specifier, typeOnly) => {
    const to = resolveSpecifier(specifier, file);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, tsImportIsTypeOnly(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier.text, node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) add(expr.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(arg.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  fileEdges.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, edges });
  return edges;
}

/** `import type {…}`, or `import { type A, type B }` (TypeScript drops it): no run-time edge. */
function tsImportIsTypeOnly(clause) {
  if (!clause) return false; // `import './x'` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)
  );
}

/** The same question on ESLint's tree for the file being linted (its text may not be on disk yet). */
function estreeIsTypeOnly(node) {
  switch (node.type) {
    case 'ImportDeclaration':
      return (
        node.importKind === 'type' ||
        (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'))
      );
    case 'ExportNamedDeclaration':
      return node.exportKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'));
    case 'ExportAllDeclaration':
      return node.exportKind === 'type';
    case 'TSImportType':
    case 'TSImportEqualsDeclaration':
      return node.type === 'TSImportType' || node.importKind === 'type';
    default:
      return false;
  }
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only imports included, except type-only edges the config names with a reason.' },
    schema: [
      {
        type: 'object',
        properties: {
          allowTypeOnly: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string', description: 'regular expression on the importing file, relative to the config' },
                to: { type: 'string', description: 'regular expression on the imported file, relative to the config' },
                reason: { type: 'string', minLength: 10 },
              },
              required: ['from', 'to', 'reason'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      cycle:
        'Import cycle: {{route}}. Type-only imports count too. Break it: move what both sides need into a module ' +
        'both import (as renderer/src/store/patcher.ts and features/jobs/LoginAction.tsx do), or pass it in.',
    },
  },
  create(context) {
    const root = context.cwd;
    const allowed = (context.options[0]?.allowTypeOnly ?? []).map((a) => ({ from: new RegExp(a.from), to: new RegExp(a.to) }));
    const rel = (file) => path.relative(root, file).split(path.sep).join('/');
    const edgeCounts = (from, edge) => !(edge.typeOnly && allowed.some((a) => a.from.test(rel(from)) && a.to.test(rel(edge.to))));
    const self = path.resolve(context.physicalFilename);
    if (!CODE.test(self)) return {};

    /** Files already shown not to lead back to `self` (shared by this file's imports). */
    const deadEnds = new Set();
    /** A shortest path of counted edges from `start` back to `self`, or undefined. */
    function routeBack(start) {
      if (deadEnds.has(start)) return undefined;
      const previous = new Map([[start, undefined]]);
      const queue = [start];
      for (let i = 0; i < queue.length; i++) {
        const file = queue[i];
        for (const edge of edgesOnDisk(file)) {
          if (!edgeCounts(file, edge) || previous.has(edge.to) || deadEnds.has(edge.to)) continue;
          if (edge.to === self) {
            const route = [self, file];
            for (let at = previous.get(file); at !== undefined; at = previous.get(at)) route.push(at);
            return route.reverse();
          }
          previous.set(edge.to, file);
          queue.push(edge.to);
        }
      }
      for (const file of queue) deadEnds.add(file);
      return undefined;
    }

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const to = resolveSpecifier(specifier, self);
      if (!to || to === self) return;
      if (!edgeCounts(self, { to, typeOnly: estreeIsTypeOnly(node) })) return;
      const route = routeBack(to);
      if (route) context.report({ node, messageId: 'cycle', data: { route: [self, ...route].map(rel).join(' → ') } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument;
        const literal = arg?.type === 'TSLiteralType' ? arg.literal : arg;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
    };
  },
};
