/**
 * Cleanup the post step must do, registered by the main step as it creates things. The whole list
 * is saved with core.saveState after each registration, so whatever the main step got to before
 * failing or being cancelled is still cleaned up.
 */
export interface KubeconfigFileTask {
  type: 'kubeconfig-file';
  path: string;
}

/** Later stages add their own task types (run namespaces, provisioned clusters). */
export interface OtherTask {
  type: string;
  [key: string]: unknown;
}

export type CleanupTask = KubeconfigFileTask | OtherTask;

export const CLEANUP_STATE_KEY = 'cleanup';

export class CleanupRegistry {
  private readonly tasks: CleanupTask[] = [];

  constructor(private readonly save: (name: string, value: string) => void) {}

  add(task: CleanupTask): void {
    this.tasks.push(task);
    this.save(CLEANUP_STATE_KEY, JSON.stringify(this.tasks));
  }

  list(): readonly CleanupTask[] {
    return this.tasks;
  }
}

/** The tasks saved by the main step; unreadable state yields none (and says why). */
export function readCleanupTasks(saved: string): { tasks: CleanupTask[]; problem?: string } {
  if (!saved) return { tasks: [] };
  try {
    const parsed = JSON.parse(saved) as unknown;
    if (!Array.isArray(parsed)) return { tasks: [], problem: 'saved cleanup state is not a list' };
    const tasks = parsed.filter(
      (t): t is CleanupTask => !!t && typeof t === 'object' && typeof (t as CleanupTask).type === 'string'
    );
    return { tasks };
  } catch {
    return { tasks: [], problem: 'saved cleanup state is not JSON' };
  }
}

export type CleanupHandler = (task: CleanupTask) => Promise<string | void>;

export interface CleanupReport {
  done: string[];
  failed: string[];
}

/**
 * Runs every task, newest first (what was created last is torn down first), each on its own:
 * one failure does not stop the others.
 */
export async function runCleanup(
  tasks: readonly CleanupTask[],
  handlers: Record<string, CleanupHandler>
): Promise<CleanupReport> {
  const report: CleanupReport = { done: [], failed: [] };
  for (const task of [...tasks].reverse()) {
    const handler = handlers[task.type];
    if (!handler) {
      report.failed.push(`${task.type}: no cleanup handler for this task type`);
      continue;
    }
    try {
      const what = await handler(task);
      report.done.push(what || task.type);
    } catch (err) {
      report.failed.push(`${task.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return report;
}
