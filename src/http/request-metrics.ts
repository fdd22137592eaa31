import type { Registry } from 'prom-client';

/**
 * Per-request counters for /metrics that cost a few array writes each. prom-client's own
 * Counter and Histogram validate and hash their label object on every call, which measured
 * more than the whole verification on the verify hot path; these resolve the label set once
 * (a `Cell` per method, route and status, or per verification code) and are read only when
 * /metrics is scraped, through the prom-client registry they are registered in.
 */

/** What prom-client's registry asks of a metric (see Registry.getMetricsAsString). */
interface RegisteredMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: MetricValue[] }>;
  reset(): void;
}

interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}

type Labels = Readonly<Record<string, string>>;

/** One label set of a counter: `inc()` is all the hot path does. */
export class CounterCell {
  value = 0;
  constructor(readonly labels: Labels) {}

  inc(): void {
    this.value++;
  }
}

/** One label set of a histogram: a count per bucket (not cumulative until exported), the sum and the count. */
export class HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

abstract class CellMetric<C extends CounterCell | HistogramCell> implements RegisteredMetric {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum' as const;
  protected readonly cells = new Map<string, C>();

  constructor(
    readonly name: string,
    readonly help: string,
    protected readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The cell for these label values (in `labelNames` order), made on first use; keep it to skip the lookup. */
  cell(...values: string[]): C {
    const key = values.join('\u0000');
    let cell = this.cells.get(key);
    if (cell === undefined) {
      const labels = Object.freeze(Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? ''])));
      this.cells.set(key, (cell = this.make(labels)));
    }
    return cell;
  }

  reset(): void {
    this.cells.clear();
  }

  async get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }

  protected abstract make(labels: Labels): C;
  protected abstract values(): MetricValue[];
}

export class FastCounter extends CellMetric<CounterCell> {
  readonly type = 'counter' as const;

  protected make(labels: Labels): CounterCell {
    return new CounterCell(labels);
  }

  protected values(): MetricValue[] {
    return [...this.cells.values()].map((c) => ({ value: c.value, labels: c.labels }));
  }
}

export class FastHistogram extends CellMetric<HistogramCell> {
  readonly type = 'histogram' as const;

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, labelNames, registry);
  }

  protected make(labels: Labels): HistogramCell {
    return new HistogramCell(labels, this.bounds);
  }

  /** The Prometheus exposition: cumulative `_bucket`s with `le` (ending in +Inf), `_sum`, `_count`. */
  protected values(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const cell of this.cells.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += cell.counts[i]!;
        out.push({ metricName: `${this.name}_bucket`, labels: { ...cell.labels, le: bound }, value: cumulative });
      });
      out.push({ metricName: `${this.name}_bucket`, labels: { ...cell.labels, le: '+Inf' }, value: cell.count });
      out.push({ metricName: `${this.name}_sum`, labels: cell.labels, value: cell.sum });
      out.push({ metricName: `${this.name}_count`, labels: cell.labels, value: cell.count });
    }
    return out;
  }
}
