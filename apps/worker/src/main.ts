import 'reflect-metadata';
import { createWorkerApp } from './create-worker-app';

/** Runs the worker alone (production). `npm start` runs it together with the API instead. */
void createWorkerApp().then((app) => app.enableShutdownHooks());
