// The entry point: renders the app against the Tauri shell, with the window's ringer and the diagnostics hook.

import { render } from 'preact';
import { App } from './app/App';
import { installDiagnostics } from './app/diagnostics';
import { Ringer } from './audio/ringer';
import { tauriPlatform } from './platform';
import './styles/app.css';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
// One ringer for the window: the app rings it, the end-to-end tests read it through window.locusDiagnostics.
const ringer = new Ringer();
installDiagnostics(ringer);
render(<App platform={tauriPlatform} ringer={ringer} />, root);
