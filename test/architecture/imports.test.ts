// The layer rules of docs/architecture.md, enforced: every import under src/ (src/gen aside: generated),
// read with the TypeScript parser, is checked by ./layers.ts, which names the file and the import of each
// broken rule and each import cycle. The check is also run on planted violations, so it can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { REPO } from '../helpers';
import { checkImports, COMPUTED, type Import, type ImportMap } from './layers';

/** Every import of every .ts file under `dir` (its sub-folder `gen` left out), keyed by path relative to `dir`. */
export function readImports(dir: string): ImportMap {
  const map: Record<string, Import[]> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name), rel = path.relative(dir, full).split(path.sep).join('/');
      if (e.isDirectory() && rel !== 'gen') walk(full);
      else if (e.isFile() && e.name.endsWith('.ts')) map[rel] = importsOf(full);
    }
  };
  walk(dir);
  return map;
}

function importsOf(file: string): Import[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Import[] = [];
  const add = (n: ts.Node, spec: ts.Node | undefined) =>
    out.push({ spec: spec && ts.isStringLiteralLike(spec) ? spec.text : COMPUTED,
      line: src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1 });
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) add(n, n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      add(n, n.moduleReference.expression);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n, n.argument.literal);
    else if (ts.isCallExpression(n)
      && (n.expression.kind === ts.SyntaxKind.ImportKeyword
        || (ts.isIdentifier(n.expression) && n.expression.text === 'require')))
    {
      add(n, n.arguments[0]);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

test('src/: every import keeps the layer rules of docs/architecture.md, and no import cycle', () => {
  const map = readImports(path.join(REPO, 'src'));
  assert.ok(Object.keys(map).length > 50 && map['coordinator/coordinator.ts'] && map['train/trainer.ts'],
    `read ${Object.keys(map).length} files under src/`);
  const broken = checkImports(map);
  assert.deepEqual(broken, [], `layer rules broken (docs/architecture.md "Rules"):\n  ${broken.join('\n  ')}`);
});

test('every form of import is read: static, type-only, export-from, require, dynamic, import type()', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-imports-'));
  try {
    fs.mkdirSync(path.join(dir, 'collective'));
    fs.mkdirSync(path.join(dir, 'gen'));
    fs.writeFileSync(path.join(dir, 'gen', 'skipped.ts'), "import '../train/x';\n");
    fs.writeFileSync(path.join(dir, 'collective', 'ring.ts'), [
      "import { a } from './wire';",
      "import type { B } from '../train/grad_sync';",
      "export { c } from '../transport/zmq';",
      "const d = require('zeromq');",
      "const e = () => import('../model/gpt');",
      "type F = import('../coordinator/context').RunContext;",
      'const g = (n: string) => require(n);',
      "import h = require('../worker/worker');",
      '',
    ].join('\n'));
    const map = readImports(dir);
    assert.deepEqual(Object.keys(map), ['collective/ring.ts'], 'src/gen is not read');
    assert.deepEqual(map['collective/ring.ts'].map((i) => `${i.line} ${i.spec}`), ['1 ./wire', '2 ../train/grad_sync',
      '3 ../transport/zmq', '4 zeromq', '5 ../model/gpt', '6 ../coordinator/context', '7 <computed>',
      '8 ../worker/worker']);
    const broken = checkImports(map);
    for (const want of ["ring.ts:2 imports '../train/grad_sync'", "ring.ts:3 imports '../transport/zmq'",
      "ring.ts:4 imports 'zeromq'", "ring.ts:5 imports '../model/gpt'", "ring.ts:6 imports '../coordinator/context'",
      "ring.ts:7 imports '<computed>'", "ring.ts:8 imports '../worker/worker'"])
    {
      assert.ok(broken.some((b) => b.includes(`src/collective/${want}`)), `no line for ${want}:\n${broken.join('\n')}`);
    }
    assert.ok(!broken.some((b) => b.includes("'./wire'")), broken.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

let tree: ImportMap | undefined;

/** The real tree with one import added to `file`, checked; the lines that name it. */
function planted(file: string, spec: string): string[] {
  const map: Record<string, readonly Import[]> = { ...(tree ??= readImports(path.join(REPO, 'src'))) };
  assert.ok(map[file], `src/${file} exists`);
  map[file] = [...map[file], { spec, line: 999 }];
  return checkImports(map).filter((b) => b.startsWith(`src/${file}:999 imports '${spec}'`) || b.includes(`'${spec}'`));
}

test('a planted violation of each rule fails, naming the file, the import and the rule', () => {
  const cases: [string, string, RegExp][] = [
    ['coordinator/steps.ts', '../train/trainer', /coordinator\/ may import only/],
    ['coordinator/steps.ts', '../model/gpt', /coordinator\/ may import only/],
    ['coordinator/cli.ts', '@tensorflow/tfjs', /only model\/, native\/ and train\/ import TensorFlow/],
    ['coordinator/cli.ts', '../cli/generate', /coordinator\/ and worker\/ import from cli\/ only common\.ts/],
    ['collective/ring.ts', '../train/grad_sync', /collective\/ may import only/],
    ['collective/ring.ts', '../worker/worker', /collective\/ may import only/],
    ['collective/ring.ts', '../transport/tcp', /never a concrete transport/],
    ['collective/ring.ts', '../transport/shm', /never a concrete transport/],
    ['collective/kernels.ts', '../native/index', /import from native\/ only addon\.ts/],
    ['train/trainer.ts', '../collective/setup', /train\/ may import only/],
    ['train/trainer.ts', '../transport/types', /train\/ may import only/],
    ['train/trainer.ts', '../control/handshake', /train\/ may import only/],
    ['train/trainer.ts', 'zeromq', /only src\/transport\/zmq\/ imports zeromq/],
    ['model/gpt.ts', '../train/trainer', /model\/ may import only/],
    ['model/gpt.ts', '../native/index', /model\/ may import only/],
    ['util/log.ts', '../train/trainer', /util\/ may import only/],
    ['util/log.ts', 'zeromq', /import no package but Node built-ins and yaml/],
    ['config/load.ts', '../metrics/names', /config\/ may import only/],
    ['exit_codes.ts', './util/log', /exit_codes\.ts may import only nothing in src/],
    ['contracts.ts', './gen/mygpt', /contracts\.ts may import only nothing in src/],
    ['transport/tcp/ring_link.ts', 'zeromq', /only src\/transport\/zmq\/ imports zeromq/],
    ['metrics/training.ts', '../coordinator/phase', /metrics\/ may import only/],
    ['control/handshake.ts', '../metrics/names', /control\/ may import only/],
    ['control/envelope.ts', '../transport/zmq', /control\/ imports from transport\/ only types\.ts and frames\.ts/],
    ['worker/worker.ts', '../coordinator/failure', /worker\/ may import only/],
    ['worker/worker.ts', 'prom-client', /only metrics\/ imports prom-client/],
    ['launch/torchrun_env.ts', '../../package.json', /outside src/],
    ['data/corpus.ts', COMPUTED, /a computed require\(\) the layer rules cannot read/],
  ];
  for (const [file, spec, rule] of cases) {
    const lines = planted(file, spec);
    assert.ok(lines.some((l) => l.startsWith(`src/${file}:999 imports '${spec}'`) && rule.test(l)),
      `${file} importing ${spec}: want ${rule}, got:\n${lines.join('\n')}`);
  }
});

test('a planted import cycle fails, naming each import that closes it (type-only imports count)', () => {
  const lines = planted('train/adamw.ts', './trainer'); // trainer.ts imports ./adamw
  const cycle = lines.find((l) => l.startsWith('import cycle'));
  assert.ok(cycle?.includes("src/train/adamw.ts imports './trainer'") && cycle.includes("imports './adamw'"),
    lines.join('\n'));
  const map: ImportMap = { 'a/x.ts': [{ spec: './y' }], 'a/y.ts': [{ spec: './z' }], 'a/z.ts': [{ spec: './x' }] };
  assert.deepEqual(checkImports({ ...map, 'a/w.ts': [] }).filter((l) => l.startsWith('import cycle')), [
    "import cycle (3 files: a/x.ts, a/y.ts, a/z.ts): src/a/x.ts imports './y', src/a/y.ts imports './z', "
    + "src/a/z.ts imports './x'",
  ]);
  assert.ok(checkImports({ 'a/x.ts': [] })[0].includes('no layer rule covers a/'));
});
