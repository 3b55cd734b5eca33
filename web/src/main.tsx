import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { type LazyPageId, pageLoaders, preloadPage } from './app/page-loaders';
import { matchRoute } from './app/routes';
import './styles.css';
import './ui/ui.css';
import './app/console.css';

const container = document.getElementById('root');
if (!container) {
  throw new Error('Missing #root element in index.html');
}

// A pasted deep link: the page's code downloads while the session is checked, not after.
const first = matchRoute(window.location.pathname)?.route.id;
if (first && first in pageLoaders) preloadPage(first as LazyPageId);

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
