import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendUnavailableError, selectBackend } from '../../src/train/backend';
import { ConfigError } from '../../src/config/load';
import { defaultConfig } from '../../src/config/schema';
import { joinRe } from '../helpers';

const cfg = (name: string) => ({ ...defaultConfig().backend, name: name as never });

test('asking for a missing backend fails naming the npm package to install', async () => {
  await assert.rejects(selectBackend(cfg('tensorflow-gpu'), () => {}),
    (e: Error) =>
      e instanceof BackendUnavailableError && e instanceof ConfigError && // a Config failure: retrying cannot help
      joinRe(/backend\.name=tensorflow-gpu: cannot load @tensorflow\/tfjs-node-gpu .*npm install /,
        /@tensorflow\/tfjs-node-gpu.*CUDA/)
        .test(e.message));
});

test('auto picks the best installed backend and logs it (with the native-kernel line on wasm)', async () => {
  const lines: string[] = [];
  const { name } = await selectBackend(cfg('auto'), (l) => lines.push(l));
  let hasNode = true;
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    hasNode = false;
  }
  if (!hasNode) assert.equal(name, 'wasm');
  assert.match(lines.join('\n'), new RegExp(`backend: ${name}`));
  if (name === 'wasm') assert.match(lines.join('\n'), /native kernels: /);
  const cpuLines: string[] = [];
  assert.equal((await selectBackend(cfg('cpu'), (l) => cpuLines.push(l))).name, 'cpu');
  assert.deepEqual(cpuLines, ['backend: cpu (tfjs "cpu")']);
});
