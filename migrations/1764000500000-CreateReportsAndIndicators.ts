import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Implementation reports (báo cáo kết quả thực hiện), one per tracked assignment, with
 * their own machine state and audit chain head; the indicator catalogue as data; and each
 * report's indicator values as rows, so sums over a cascade are one SQL query.
 */
export class CreateReportsAndIndicators1764000500000 implements MigrationInterface {
  name = 'CreateReportsAndIndicators1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicators (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        name text NOT NULL,
        unit text NOT NULL,
        position integer NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    // name: what is counted; unit: the counting word a Vietnamese report writes after the number.
    await q.query(`
      INSERT INTO indicators (code, name, unit, position) VALUES
        ('speaker_conferences', 'Hội nghị báo cáo viên', 'hội nghị', 1),
        ('attendees', 'Lượt người tham dự', 'lượt người', 2),
        ('news_articles', 'Tin, bài đã đăng', 'tin, bài', 3),
        ('radio_broadcasts', 'Buổi phát thanh', 'buổi', 4),
        ('banners_posters', 'Băng rôn, khẩu hiệu, pano, áp phích', 'chiếc', 5),
        ('publications', 'Ấn phẩm, tài liệu đã phát hành', 'bản', 6),
        ('social_posts', 'Bài đăng trên mạng xã hội', 'bài', 7),
        ('emulation_movements', 'Phong trào thi đua đã phát động', 'phong trào', 8)`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL UNIQUE REFERENCES plan_assignments (id),
        unit_id uuid NOT NULL REFERENCES units (id),
        state text NOT NULL,
        machine_version integer NOT NULL,
        version integer NOT NULL,
        audit_seq integer NOT NULL DEFAULT 0,
        audit_hash text,
        results text,
        limitations text,
        lessons text,
        recommendations text,
        attachments jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        submitted_at timestamptz,
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX reports_unit_state_idx ON reports (unit_id, state)`);

    await q.query(`
      CREATE TABLE report_indicators (
        report_id uuid REFERENCES reports (id) ON DELETE CASCADE,
        indicator_code text REFERENCES indicators (code),
        value numeric NOT NULL CHECK (value >= 0),
        PRIMARY KEY (report_id, indicator_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_indicators`);
    await q.query(`DROP TABLE reports`);
    await q.query(`DROP TABLE indicators`);
  }
}
