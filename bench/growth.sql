-- bench/growth.sh's data: a site of 200 members, 10,000 published cards of realistic size
-- (3 sections of 4 items and 5 links each), 2,000,000 page-view days, 300,000 link-click
-- rows and 200,000 messages with their delivery history. Run on a migrated database whose
-- first member is the admin; MariaDB's SEQUENCE engine (seq_1_to_N) supplies the rows.
SET @now = UTC_TIMESTAMP(6);
SET @hash = (SELECT password_hash FROM members WHERE id = 1);

INSERT INTO members (login, password_hash, display_name, email, role, created_at, updated_at)
SELECT CONCAT('member-', seq), @hash, CONCAT('회원 ', seq), CONCAT('member', seq, '@example.com'), 'member', @now, @now
FROM seq_1_to_199;

INSERT INTO cards (member_id, slug, published, name_ko, name_en, job_title, job_title_en, email, phone, site, summary, summary_en, created_at, updated_at)
SELECT 2 + seq % 199, CONCAT('card-', seq), 1, CONCAT('홍길동 ', seq), CONCAT('Gildong Hong ', seq), '백엔드 개발자', 'Backend developer',
  CONCAT('card', seq, '@example.com'), '+82-10-0000-0000', CONCAT('https://example.com/', seq),
  REPEAT('분산 시스템과 데이터베이스를 다루는 개발자입니다. ', 6), REPEAT('An engineer of distributed systems and databases. ', 6), @now, @now
FROM seq_1_to_10000;

INSERT INTO card_sections (card_id, kind, title, title_en, position)
SELECT c.id, ELT(s.seq, 'work', 'skills', 'projects'), ELT(s.seq, '경력', '기술', '프로젝트'), ELT(s.seq, 'Career', 'Skills', 'Projects'), s.seq
FROM cards c JOIN seq_1_to_3 s WHERE c.slug LIKE 'card-%';

INSERT INTO section_items (section_id, title, title_en, subtitle, subtitle_en, period, detail, detail_en, percent, position)
SELECT s.id, CONCAT('항목 ', i.seq), CONCAT('Item ', i.seq), '예시 주식회사', 'Example Corp.', '2019 – 2024',
  REPEAT('결제 시스템의 처리량을 세 배로 늘렸습니다. ', 3), REPEAT('Tripled the payment system''s throughput. ', 3),
  IF(s.kind = 'skills', 50 + i.seq * 10, NULL), i.seq
FROM card_sections s JOIN seq_1_to_4 i;

INSERT INTO card_links (card_id, kind, label, url, position)
SELECT c.id, ELT(l.seq, 'github', 'linkedin', 'blog', 'instagram', 'website'), ELT(l.seq, 'GitHub', 'LinkedIn', 'Blog', 'Mail', 'Site'),
  CONCAT('https://example.com/', c.slug, '/', l.seq), l.seq
FROM cards c JOIN seq_1_to_5 l WHERE c.slug LIKE 'card-%';

-- 200 days of views for each card.
INSERT INTO page_views (card_id, day, views)
SELECT c.id, DATE_SUB(UTC_DATE(), INTERVAL d.seq DAY), 1 + (c.id * 7 + d.seq * 13) % 40
FROM cards c JOIN seq_0_to_199 d WHERE c.slug LIKE 'card-%';

-- The site's total per day, as the migration that added it computes it.
INSERT INTO site_views (day, views) SELECT day, SUM(views) FROM page_views GROUP BY day;

-- 30 days of views, clicks and messages by source for each card (900,000 rows), and the
-- site's per day and source, as services/sources.go keeps them.
INSERT INTO source_counts (card_id, day, source, views, clicks, messages)
SELECT c.id, DATE_SUB(UTC_DATE(), INTERVAL d.seq DAY), ELT(s.seq, 'qr', 'ref:news.example.org', 'app:kakaotalk'),
  1 + (c.id * 3 + d.seq * 5 + s.seq) % 20, (c.id + d.seq + s.seq) % 4, (c.id + d.seq) % 7 = 0
FROM cards c JOIN seq_0_to_29 d JOIN seq_1_to_3 s WHERE c.slug LIKE 'card-%';
INSERT INTO site_sources (day, source, views, clicks, messages)
SELECT day, source, SUM(views), SUM(clicks), SUM(messages) FROM source_counts GROUP BY day, source;

-- 30 days of clicks on each card's first link.
INSERT INTO link_clicks (card_id, target, link_id, day, clicks)
SELECT l.card_id, 'link', l.id, DATE_SUB(UTC_DATE(), INTERVAL d.seq DAY), 1 + (l.id + d.seq) % 9
FROM card_links l JOIN seq_0_to_29 d WHERE l.position = 1;

-- 200,000 messages over a year: nine in ten sent, the rest failed or waiting.
INSERT INTO messages (card_id, member_id, name, email, body, client_ip, state, attempts, last_error, reason, sent_at, read_at, created_at, updated_at)
SELECT c.id, c.member_id, CONCAT('방문자 ', m.seq), CONCAT('visitor', m.seq, '@example.com'),
  REPEAT('안녕하세요. 카드를 보고 연락드립니다. ', 4), '203.0.113.7',
  CASE WHEN m.seq % 10 = 0 THEN 'failed' WHEN m.seq % 10 = 1 THEN 'waiting' ELSE 'sent' END,
  IF(m.seq % 10 = 0, 8, 1), IF(m.seq % 10 = 0, 'KOE101', ''), IF(m.seq % 10 = 0, 'kakao', ''),
  IF(m.seq % 10 > 1, DATE_SUB(@now, INTERVAL (200000 - m.seq) * 150 SECOND), NULL),
  IF(m.seq % 3 = 0, @now, NULL),
  DATE_SUB(@now, INTERVAL (200000 - m.seq) * 150 SECOND), @now
FROM seq_1_to_200000 m JOIN cards c ON c.slug = CONCAT('card-', 1 + m.seq % 10000);

-- Their delivery history: one line each, and eight for a failed one.
INSERT INTO message_attempts (message_id, attempt, outcome, error, created_at)
SELECT m.id, a.seq, IF(m.state = 'sent', 'sent', 'failed'), IF(m.state = 'sent', '', 'KOE101'), m.created_at
FROM messages m JOIN seq_1_to_8 a ON a.seq <= m.attempts WHERE m.state <> 'waiting';

ANALYZE TABLE members, cards, card_sections, section_items, card_links, page_views, site_views, link_clicks, messages, message_attempts, source_counts, site_sources;
