// The action's post step (runs after success, failure and cancel).
import { runPost } from './post-run.js';

await runPost();
// As in the main step: a handle a library left open must not keep the step running.
setTimeout(() => process.exit(), 2000).unref();
