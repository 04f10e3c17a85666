// Is the process that recorded a row (a lock, a load, a monitor run) still running? One notion for every
// job: a holder on this host whose pid is gone has died; one on another host cannot be checked from here,
// so it is never declared dead by this test (a lease, where there is one, covers it).
import { hostname } from 'node:os';

/** Who runs something: recorded beside it so a later process can tell whether it died. */
export interface Runner {
  host: string;
  pid: number;
}

/** This process and how to ask about others: injected so tests can play death and other hosts. */
export interface ProcessCheck extends Runner {
  /** Whether a process of this host is alive. */
  isAlive: (pid: number) => boolean;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function thisProcess(): ProcessCheck {
  return { host: hostname(), pid: process.pid, isAlive: processIsAlive };
}

/** True only when the runner was on this host and its process is gone; another host's runner is unknown. */
export function diedOnThisHost(runner: Runner, check: Pick<ProcessCheck, 'host' | 'isAlive'>): boolean {
  return runner.host === check.host && !check.isAlive(runner.pid);
}
