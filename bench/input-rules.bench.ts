/**
 * What the input rules cost a normal body: the depth scan on the bytes and the walk of the parsed value
 * (libs/core/src/http/input-rules.ts), against JSON.parse alone (what body-parser did before), measured
 * in the same run on the same bodies: a typical plan (~2 KB) and a large one (~600 KB, 200 phases).
 *
 *   npm run bench:input
 */
import { badFields, jsonDepthExceeds } from '@app/core';
import { summarise } from './support/stats.js';

const unit = '6f1c1b1e-8f5a-4a3b-9a57-0d1f2e3c4b5a';
const phase = (i: number) => ({
  title: `Giai đoạn ${i}: tuyên truyền sâu rộng về Đại hội XII của Đảng`, startsOn: '2015-12-29', endsOn: '2016-01-20',
  items: Array.from({ length: 10 }, (_, j) => `Treo băng rôn, khẩu hiệu tại các tuyến phố chính (${i}.${j}) — “trực quan”`),
});
const plan = (phases: number) => ({
  issuerUnitId: unit, type: 'KH', title: 'Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng',
  place: 'Long Biên', purposes: ['Tuyên truyền sâu rộng về Đại hội XII của Đảng.', 'Tạo khí thế phấn khởi trong cán bộ, đảng viên.'],
  basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy' } }],
  phases: Array.from({ length: phases }, (_, i) => phase(i)),
  assignments: [{ assigneeUnitId: unit, responsibilities: ['Chủ trì, hướng dẫn, kiểm tra'], requiresOwnPlan: true, dueOn: '2016-02-04',
    subAssignments: [{ assigneeUnitId: unit, responsibilities: ['Trang trí cổ động trực quan'] }] }],
  reportDuty: { collectorUnitId: unit, dueOn: '2016-02-04', periodic: false },
  recipients: [{ name: 'Ban Tuyên giáo Thành ủy', purpose: 'report' }, { unitId: unit, purpose: 'implement' }],
});

function time(label: string, bytes: Buffer, iterations: number): void {
  const run = (withRules: boolean) => {
    const samples: number[] = [];
    for (let round = 0; round < 15; round++) {
      const start = performance.now();
      for (let i = 0; i < iterations; i++) {
        if (withRules && jsonDepthExceeds(bytes, 32)) throw new Error('too deep');
        const value: unknown = JSON.parse(bytes.toString('utf8'));
        if (withRules && badFields(value).length) throw new Error('bad');
      }
      samples.push(((performance.now() - start) / iterations) * 1000);
    }
    return summarise(samples.slice(3)).p50; // µs per body, after 3 warm-up rounds
  };
  // Interleaved twice so that a noisy neighbour hits both sides alike.
  const base = Math.min(run(false), run(false));
  const rules = Math.min(run(true), run(true));
  console.log(`${label} (${(bytes.length / 1024).toFixed(1)} KB): JSON.parse ${base.toFixed(1)} µs; with the input rules ${rules.toFixed(1)} µs; ratio ${(rules / base).toFixed(2)}`);
}

time('typical plan', Buffer.from(JSON.stringify(plan(3))), 2_000);
time('large plan', Buffer.from(JSON.stringify(plan(200))), 20);
