/** Entry of the transport worker (see workerBridge.ts): the WebSocket, parsing and validation live here. */
import { serveApiWorker, type MessagePortLike } from './workerBridge.js';

serveApiWorker(self as unknown as MessagePortLike);
