import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectWorkbench } from './api/connect';
import { WorkbenchStore } from './state/workbench-store';
import './styles.css';

const store = new WorkbenchStore(connectWorkbench());
createRoot(document.getElementById('root')!).render(<App store={store} />);
void store.attempt(() => store.load());
