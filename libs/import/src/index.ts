export { findWindow, parseWindow, type DateWindow, type WindowContext } from './date-window.js';
export { fold, normalise } from './text.js';
