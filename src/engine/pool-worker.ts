/**
 * One worker of the inspection pool (pool.ts). It builds its own engine from the configuration
 * in workerData, says it is ready (or why it cannot be), then inspects each batch it is sent and
 * answers with the results in order. A rule that throws ends its batch: the results before that
 * conversation go back with the error, and the worker stays ready for the next batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ConversationResult } from './types.js';
import { loadEngine, serializeError, type BatchRequest, type PoolConfig, type WorkerMessage } from './pool.js';

if (!parentPort) throw new Error('pool-worker.js runs as a worker of the inspection pool, not on its own');
const port = parentPort;
const post = (message: WorkerMessage) => port.postMessage(message);

try {
  const engine = await loadEngine(workerData as PoolConfig);
  port.on('message', ({ id, conversations }: BatchRequest) => {
    const results: ConversationResult[] = [];
    try {
      for (const conversation of conversations) results.push(engine.inspect(conversation));
      post({ type: 'inspected', id, results });
    } catch (error) {
      post({ type: 'inspected', id, results, error: serializeError(error) });
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
}
