import { execFileSync, spawnSync } from 'node:child_process';

/** One metric family as the Prometheus Python client reads it. */
export interface MetricFamily {
  name: string;
  type: string;
  documentation: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const PACKAGE = 'python3-prometheus-client';
/** Debian's own Python, where apt-get installs the package (a pyenv or venv `python3` on the PATH would not see it). */
const PYTHON = '/usr/bin/python3';
const hasParser = () => spawnSync(PYTHON, ['-c', 'import prometheus_client.parser'], { stdio: 'ignore' }).status === 0;

/**
 * The scrape is read by a parser the project did not write: the text-format parser of Prometheus's
 * own Python client (Debian's python3-prometheus-client), which refuses malformed exposition. Missing
 * and root with apt-get: installed; otherwise the test stops with the command to run. Never skipped.
 */
export function ensurePrometheusParser(): void {
  if (hasParser()) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) throw new Error(`The Prometheus text parser is missing: run \`sudo apt-get install -y ${PACKAGE}\` and test again`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', PACKAGE], { stdio: 'inherit', env });
  if (!hasParser()) throw new Error(`${PACKAGE} was installed but python3 cannot import prometheus_client`);
}

const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "documentation": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": (None if math.isnan(s.value) else ("+Inf" if math.isinf(s.value) else s.value))} for s in f.samples]})
print(json.dumps(out))
`;

/** Parses Prometheus text exposition; throws what the parser says when the text is malformed. */
export function parsePrometheusText(text: string): MetricFamily[] {
  const result = spawnSync(PYTHON, ['-c', SCRIPT], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`Not valid Prometheus text: ${result.stderr}`);
  return JSON.parse(result.stdout) as MetricFamily[];
}
