import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AuditLogWriter } from '@app/audit-log';
import { APP_CONFIG, Clock, localDate, type AppConfig } from '@app/core';
import { countJobFailure, registerQueueDepth } from '@app/metrics';
import { ReorganisationsService } from '@app/reorganisation';
import { AssignmentDeadlines } from './assignment-deadlines.service.js';
import { DeadlineSweep } from './deadline-sweep.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { PlanDeadlines } from './plan-deadlines.service.js';
import { JOB_SCHEMA, QUEUES, sweepCron, type QueueName } from './queues.js';

/** Jobs are handled in batches; a batch with a failure is retried whole, which the handlers' idempotence makes harmless. */
const BATCH_SIZE = 20;
/** Rows per insert when the sweep queues items. */
const INSERT_CHUNK = 1000;

export interface SweepResult {
  today: string;
  plans: number;
  assignments: number;
}

/**
 * The durable job queue (pg-boss on the application's PostgreSQL). Every process starts it to
 * enqueue; a process with `JOBS_ENABLED` also runs the workers, the deadline sweep's cron
 * schedule, pg-boss maintenance and outbox delivery. Any number of such processes may run:
 * pg-boss hands each job to one worker (SKIP LOCKED), fires each cron slot once, and the
 * handlers decide under row locks, so every effect happens once.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  private boss: PgBoss | undefined;
  private readonly workers = new Map<QueueName, string>();
  private unregisterDepth: (() => void) | undefined;
  private auditLogTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sweep: DeadlineSweep,
    private readonly plans: PlanDeadlines,
    private readonly assignments: AssignmentDeadlines,
    private readonly relay: OutboxRelay,
    private readonly auditLog: AuditLogWriter,
    private readonly reorganisations: ReorganisationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, pollIntervalSeconds, sweepEveryMinutes } = this.config.jobs;
    const boss = new PgBoss({
      connectionString: (this.db.options as { url?: string }).url,
      schema: JOB_SCHEMA,
      // The schema is the migrations' business: refuse to start on one pg-boss does not expect.
      migrate: false,
      schedule: enabled,
      supervise: enabled,
      pollingIntervalSeconds: pollIntervalSeconds,
      max: 4,
      application_name: 'plan-cascade-jobs',
    });
    boss.on('error', (error) => this.logger.error(`Job queue: ${error.message}`));
    await boss.start();
    this.boss = boss;
    // Read at each scrape of /metrics: jobs waiting per queue (created or retrying).
    this.unregisterDepth = registerQueueDepth(async () => {
      const queues = Object.values(QUEUES);
      const sizes = await Promise.all(queues.map((name) => boss.getQueueSize(name)));
      return Object.fromEntries(queues.map((name, i) => [name, sizes[i] ?? 0]));
    });
    for (const name of Object.values(QUEUES)) {
      if (!(await boss.getQueue(name))) throw new Error(`Queue ${name} is missing: run the migrations`);
    }
    if (!enabled) return;
    await boss.schedule(QUEUES.sweep, sweepCron(sweepEveryMinutes), {}, { tz: 'Asia/Ho_Chi_Minh' });
    await this.work(QUEUES.sweep, async () => {
      await this.sweepDue();
    });
    await this.work<{ planId: string }>(QUEUES.plan, (data) => this.plans.run(data.planId));
    await this.work<{ assignmentId: string }>(QUEUES.assignment, (data) => this.assignments.run(data.assignmentId));
    await this.work<{ reorganisationId: string }>(QUEUES.reorganisation, (data) => this.reorganisations.applyScheduled(data.reorganisationId));
    this.relay.start(pollIntervalSeconds);
    // The log writer: a job every few seconds (stately: one waits at most), under the writer's advisory lock.
    await this.work(QUEUES.auditLog, () => this.auditLog.appendAll());
    const every = this.config.auditLog.intervalSeconds * 1000;
    this.auditLogTimer = setInterval(() => void this.requestAuditLogAppend().catch((error: Error) => this.logger.error(`Audit log: ${error.message}`)), every);
    this.auditLogTimer.unref();
    this.logger.log(`Jobs running: deadline sweep every ${sweepEveryMinutes} min, workers polling every ${pollIntervalSeconds} s`);
  }

  async onModuleDestroy(): Promise<void> {
    this.unregisterDepth?.();
    clearInterval(this.auditLogTimer);
    await this.relay.stop();
    // Graceful: the jobs in hand finish (each is one short transaction), then pg-boss closes its pool;
    // `wait` resolves only then, so the database is never stopped under a connection of the queue.
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.workers.clear();
    if (this.boss) this.logger.log('Job queue stopped');
  }

  /** Queues a sweep now (one waits at most: a second request while one waits is dropped). Returns the job id, or null. */
  async requestSweep(): Promise<string | null> {
    const id = await this.queue().send(QUEUES.sweep, {});
    this.wake(QUEUES.sweep);
    return id;
  }

  /** Queues a log append now (on demand; also every AUDIT_LOG_INTERVAL_SECONDS). Returns the job id, or null if one waits already. */
  async requestAuditLogAppend(): Promise<string | null> {
    const id = await this.queue().send(QUEUES.auditLog, {}, { singletonKey: 'append' });
    this.wake(QUEUES.auditLog);
    return id;
  }

  /** What is due today, one job per plan and per assignment, each keyed by its id so that a second sweep queues nothing new. */
  async sweepDue(): Promise<SweepResult> {
    const today = localDate(this.clock.now());
    const [plans, assignments] = [await this.sweep.duePlans(today), await this.sweep.dueAssignments(today)];
    const jobs: PgBoss.JobInsert[] = [
      ...plans.map((planId) => ({ name: QUEUES.plan, data: { planId }, singletonKey: planId })),
      ...assignments.map((assignmentId) => ({ name: QUEUES.assignment, data: { assignmentId }, singletonKey: assignmentId })),
    ];
    for (let i = 0; i < jobs.length; i += INSERT_CHUNK) await this.queue().insert(jobs.slice(i, i + INSERT_CHUNK));
    if (plans.length > 0) this.wake(QUEUES.plan);
    if (assignments.length > 0) this.wake(QUEUES.assignment);
    return { today, plans: plans.length, assignments: assignments.length };
  }

  private queue(): PgBoss {
    if (!this.boss) throw new Error('The job queue is not started');
    return this.boss;
  }

  private async work<T extends object>(name: QueueName, handle: (data: T) => Promise<unknown>): Promise<void> {
    const id = await this.queue().work<T>(name, { batchSize: BATCH_SIZE }, async (jobs) => {
      const failures: unknown[] = [];
      for (const job of jobs) {
        try {
          await handle(job.data);
        } catch (error) {
          this.logger.error(`Job ${name} ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
          countJobFailure(name);
          failures.push(error);
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${jobs.length} ${name} jobs failed`);
      // A full batch means more may be waiting: fetch again at once instead of after the poll interval.
      if (jobs.length === BATCH_SIZE) this.wake(name);
    });
    this.workers.set(name, id);
  }

  /** A worker of this process that sleeps until its next poll looks now; other instances poll as usual. */
  private wake(name: QueueName): void {
    const id = this.workers.get(name);
    if (id) this.queue().notifyWorker(id);
  }
}
