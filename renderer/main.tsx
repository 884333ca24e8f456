/** Renderer entry: picks the transport, builds the store, wires live pushes, renders the app. */
import { createRoot } from 'react-dom/client';
import { createDefaultApiClient } from './api/client.js';
import { makeStore } from './store/index.js';
import { connectLive } from './features/live/connectLive.js';
import { App } from './App.js';
import './styles/app.css';

const api = createDefaultApiClient();
const store = makeStore(undefined, { api });
connectLive(store, api);

createRoot(document.getElementById('root')!).render(<App store={store} />);
