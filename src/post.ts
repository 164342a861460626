// The action's post step (runs after success, failure and cancel).
import { runPost } from './post-run.js';

await runPost();
