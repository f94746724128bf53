// The silence-management web UI: mounts the app on #app.
import { render } from 'preact';
import { App } from './ui/app';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
