//! Applying remote field ops to a workspace of PRODUCT.md scale, against raw SQLite.
//!
//! `cargo bench -p baton-core --bench apply_remote`
//!
//! 1. Builds, in a temp dir on disk (`Core::open_dir`: WAL, synchronous=NORMAL, as the app),
//!    a workspace at PRODUCT.md scale from synthetic remote ops applied with
//!    `Core::apply_remote` in batches of 10,000, padded with historical edits from several
//!    devices until the op log holds `BATON_BENCH_OPLOG` ops (default 2,000,000).
//! 2. Times 100,000 new remote ops from 3 devices (~70% edits of existing fields, some newer
//!    and some older than the value held, ~30% creating one-year items), applied with
//!    `Core::apply_remote` in batches of 10,000 — one transaction each, like one segment file.
//! 3. Times raw SQLite inserting the same 100,000 rows into a fresh oplog-shaped table with
//!    one prepared statement in one transaction, and prints the ratio.
//!
//! `BATON_BENCH_EXPERIMENTS=1` also times variants on copies of the built workspace (which
//! statement dominates, page cache size, index layout, an UPSERT instead of SELECT + UPSERT),
//! to show where the time goes; `BATON_BENCH_VARIANT=<part of a name>` runs only those. The
//! variants live here only: `sync::apply` is untouched.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use baton_core::oplog::store::DB_FILE;
use baton_core::oplog::{self as sync, hlc, Applied, Op};
use baton_core::registry;
use baton_core::Core;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

const MEASURED_OPS: usize = 100_000;
const BATCH: usize = 10_000;
const DEFAULT_OPLOG: usize = 2_000_000;

const MEMBERS: usize = 300;
/// The first members are leadership, and every device writes as one of them, so the role
/// checks on received ops (sync::authority) pass every op: the bench measures their cost, and
/// "every stale edit loses, every other op wins" still holds.
const LEADERS: usize = 5;
const PRODUCTS: usize = 40;
const GOALS: usize = 20;
const THEMES: usize = 200;
const INITIATIVES: usize = 1_000;
const ITEMS: usize = 5_000;
/// Devices that wrote the history.
const HISTORY_DEVICES: usize = 30;
/// Devices whose new ops are measured.
const MEASURED_DEVICES: usize = 3;
/// Of the measured ops, the share creating one-year items (6 ops each).
const CREATE_SHARE: f64 = 0.30;
/// Of the measured edits, the share made before the value they meet (they lose).
const STALE_SHARE: f64 = 0.25;

const DAY_MS: i64 = 86_400_000;
/// 2024-01-01T00:00:00Z: the workspace is created then and edited for two years.
const T0_MS: i64 = 1_704_067_200_000;
const BASE_SPAN_MS: i64 = 30 * DAY_MS;
const HISTORY_SPAN_MS: i64 = 700 * DAY_MS;

/// The op log as in migrations/0001_init.sql, without its secondary indexes.
const OPLOG_TABLE: &str = "CREATE TABLE oplog (
    op_id        TEXT PRIMARY KEY NOT NULL,
    device_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    hlc          INTEGER NOT NULL,
    author_id    TEXT NOT NULL,
    entity_table TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    UNIQUE (device_id, seq)
) STRICT;";
/// Its secondary indexes (0001_init.sql, 0002_sync.sql).
const OPLOG_INDEXES: &str = "CREATE INDEX oplog_by_entity ON oplog (entity_table, entity_id, field);
    CREATE INDEX oplog_by_entity_id ON oplog (entity_id);";
const INSERT_OPLOG: &str =
    "INSERT INTO oplog (op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

// ---------------------------------------------------------------------------------------------
// Synthetic workspace

/// splitmix64: deterministic, so every run applies the same ops.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// A UUIDv7-shaped id minted at `ms`, as `store::new_id` mints them.
    fn uuid_v7(&mut self, ms: i64) -> String {
        let r = self.next();
        let r2 = self.next();
        format!(
            "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
            (ms >> 16) as u32,
            (ms & 0xffff) as u16,
            (r & 0xfff) as u16,
            (0x8000 | ((r >> 12) & 0x3fff)) as u16,
            r2 & 0xffff_ffff_ffff
        )
    }
}

const ADJECTIVES: &[&str] = &[
    "Faster",
    "Simpler",
    "Unified",
    "Self-serve",
    "Reliable",
    "Global",
    "Smarter",
    "Secure",
    "Mobile",
    "Offline",
    "Realtime",
    "Accessible",
    "Scalable",
    "Guided",
    "Automated",
    "Shared",
];
const NOUNS: &[&str] = &[
    "onboarding",
    "checkout",
    "billing",
    "search",
    "reporting",
    "permissions",
    "notifications",
    "sync",
    "import",
    "export",
    "analytics",
    "integrations",
    "payments",
    "dashboards",
    "audit log",
    "API",
];
const FIRST: &[&str] = &["Sam", "Lee", "Ana", "Ravi", "Mia", "Kofi", "Yuki", "Omar", "Ines", "Tom", "Zoe", "Ivan"];
const LAST: &[&str] = &["Chen", "Okafor", "Silva", "Novak", "Berg", "Haddad", "Sato", "Kowalski", "Diaz", "Moreau"];
const ROLES: &[&str] = &["leadership", "senior", "junior"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Horizon {
    Five,
    Three,
    One,
}

struct Item {
    id: String,
    product: usize,
}

/// An entity, by kind and index, for the field-holder map.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Ent {
    Workspace,
    Member(usize),
    Goal(usize),
    Product(usize),
    Item(usize),
}

struct Device {
    id: String,
    author: String,
    seq: i64,
}

/// What one sets: the entity, the field, the value.
type Set = (Ent, &'static str, Value);

struct World {
    rng: Rng,
    workspace: String,
    members: Vec<String>,
    goals: Vec<String>,
    products: Vec<String>,
    items: Vec<Item>,
    themes_of: Vec<Vec<usize>>,
    initiatives_of: Vec<Vec<usize>>,
    themes: Vec<usize>,
    initiatives: Vec<usize>,
    one_year: Vec<usize>,
    /// How many of `one_year` (the first ones) edits may pick.
    editable_one_year: usize,
    /// The clock of the op holding each field, to mint ops that lose on purpose.
    holder: HashMap<(Ent, &'static str), i64>,
    /// The last clock handed out.
    hlc: i64,
}

impl World {
    fn new() -> World {
        World {
            rng: Rng(0xba70_2026),
            workspace: String::new(),
            members: Vec::new(),
            goals: Vec::new(),
            products: Vec::new(),
            items: Vec::new(),
            themes_of: vec![Vec::new(); PRODUCTS],
            initiatives_of: vec![Vec::new(); PRODUCTS],
            themes: Vec::new(),
            initiatives: Vec::new(),
            one_year: Vec::new(),
            editable_one_year: usize::MAX,
            holder: HashMap::new(),
            hlc: 0,
        }
    }

    fn tick(&mut self, now_ms: i64) -> i64 {
        self.hlc = hlc::tick(self.hlc, now_ms);
        self.hlc
    }

    fn device(&mut self, ms: i64) -> Device {
        let id = self.rng.uuid_v7(ms);
        let leaders = &self.members[..self.members.len().min(LEADERS)];
        let author = if leaders.is_empty() { self.rng.uuid_v7(ms) } else { self.rng.pick(leaders).clone() };
        Device { id, author, seq: 0 }
    }

    fn table_and_id(&self, ent: Ent) -> (&'static str, &str) {
        match ent {
            Ent::Workspace => ("workspace", &self.workspace),
            Ent::Member(i) => ("member", &self.members[i]),
            Ent::Goal(i) => ("goal", &self.goals[i]),
            Ent::Product(i) => ("product", &self.products[i]),
            Ent::Item(i) => ("roadmap_item", &self.items[i].id),
        }
    }

    fn op(&mut self, dev: &mut Device, hlc: i64, (ent, field, value): Set) -> Op {
        dev.seq += 1;
        let held = self.holder.entry((ent, field)).or_insert(hlc);
        *held = (*held).max(hlc);
        let op_id = self.rng.uuid_v7(hlc::wall_ms(hlc));
        let (table, entity_id) = self.table_and_id(ent);
        Op {
            op_id,
            device_id: dev.id.clone(),
            seq: dev.seq,
            hlc,
            author_id: dev.author.clone(),
            table: table.to_owned(),
            entity_id: entity_id.to_owned(),
            field: field.to_owned(),
            value,
        }
    }

    fn title(&mut self) -> Value {
        let n = self.rng.below(1000);
        Value::from(format!("{} {} {n}", self.rng.pick(ADJECTIVES), self.rng.pick(NOUNS)))
    }

    fn person(&mut self) -> Value {
        Value::from(format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST)))
    }

    fn description(&mut self) -> Value {
        let words: Vec<&str> = (0..30).map(|_| *self.rng.pick(NOUNS)).collect();
        Value::from(words.join(" "))
    }

    fn period(&mut self, horizon: Horizon) -> Value {
        let year = 2026 + self.rng.below(5);
        Value::from(match horizon {
            Horizon::Five => format!("{year}"),
            Horizon::Three if self.rng.chance(0.5) => format!("{year}"),
            Horizon::Three => format!("{year}-H{}", 1 + self.rng.below(2)),
            Horizon::One => format!("{year}-Q{}", 1 + self.rng.below(4)),
        })
    }

    fn new_member(&mut self, ms: i64) -> Vec<Set> {
        let i = self.members.len();
        let manager = if i == 0 { Value::Null } else { Value::from(self.members[self.rng.below(i)].clone()) };
        let id = self.rng.uuid_v7(ms);
        self.members.push(id);
        let role = if i < LEADERS { Value::from("leadership") } else { Value::from(*self.rng.pick(ROLES)) };
        vec![
            (Ent::Member(i), "name", self.person()),
            (Ent::Member(i), "role", role),
            (Ent::Member(i), "manager_id", manager),
        ]
    }

    /// The six ops `roadmap::create` writes, for a new item under `parent` (or serving `goal`).
    fn new_item(&mut self, ms: i64, horizon: Horizon, product: usize, parent: Option<usize>) -> Vec<Set> {
        let i = self.items.len();
        let id = self.rng.uuid_v7(ms);
        self.items.push(Item { id, product });
        match horizon {
            Horizon::Five => {
                self.themes.push(i);
                self.themes_of[product].push(i);
            }
            Horizon::Three => {
                self.initiatives.push(i);
                self.initiatives_of[product].push(i);
            }
            Horizon::One => self.one_year.push(i),
        }
        let goal = if horizon == Horizon::Five { Value::from(self.rng.pick(&self.goals).clone()) } else { Value::Null };
        let parent = parent.map_or(Value::Null, |p| Value::from(self.items[p].id.clone()));
        let e = Ent::Item(i);
        vec![
            (e, "product_id", Value::from(self.products[product].clone())),
            (e, "horizon", Value::from(horizon_str(horizon))),
            (e, "period", self.period(horizon)),
            (e, "title", self.title()),
            (e, "goal_id", goal),
            (e, "parent_id", parent),
        ]
    }

    fn new_one_year_item(&mut self, ms: i64) -> Vec<Set> {
        let parent = *self.rng.pick(&self.initiatives);
        let product = self.items[parent].product;
        self.new_item(ms, Horizon::One, product, Some(parent))
    }

    /// Everything the workspace is made of, in creation order (stories are not modelled yet).
    fn creation(&mut self, ms: i64) -> Vec<Set> {
        self.workspace = self.rng.uuid_v7(ms);
        let mut sets = vec![(Ent::Workspace, "name", Value::from("Acme Corp"))];
        for _ in 0..MEMBERS {
            sets.extend(self.new_member(ms));
        }
        for i in 0..GOALS {
            let id = self.rng.uuid_v7(ms);
            self.goals.push(id);
            sets.push((Ent::Goal(i), "title", self.title()));
            sets.push((Ent::Goal(i), "description", self.description()));
        }
        for i in 0..PRODUCTS {
            let id = self.rng.uuid_v7(ms);
            self.products.push(id);
            sets.push((Ent::Product(i), "name", Value::from(format!("{} {i}", self.rng.pick(NOUNS)))));
            sets.push((Ent::Product(i), "owner_id", Value::from(self.rng.pick(&self.members).clone())));
        }
        for t in 0..THEMES {
            sets.extend(self.new_item(ms, Horizon::Five, t % PRODUCTS, None));
        }
        for _ in 0..INITIATIVES {
            let parent = *self.rng.pick(&self.themes);
            let product = self.items[parent].product;
            sets.extend(self.new_item(ms, Horizon::Three, product, Some(parent)));
        }
        for _ in 0..ITEMS {
            sets.extend(self.new_one_year_item(ms));
        }
        sets
    }

    /// One edit of an existing entity, in roughly the mix people make: mostly renames and moves.
    fn edit(&mut self) -> Set {
        let roll = self.rng.below(100);
        let item = |w: &mut World, from: fn(&World) -> &[usize]| {
            let k = w.rng.below(from(w).len());
            from(w)[k]
        };
        match roll {
            0..=34 => {
                let i = item(self, |w| &w.one_year[..w.one_year.len().min(w.editable_one_year)]);
                (Ent::Item(i), "title", self.title())
            }
            35..=49 => {
                let i = item(self, |w| &w.one_year[..w.one_year.len().min(w.editable_one_year)]);
                (Ent::Item(i), "period", self.period(Horizon::One))
            }
            50..=57 => {
                let i = item(self, |w| &w.one_year[..w.one_year.len().min(w.editable_one_year)]);
                let product = self.items[i].product;
                let p = *self.rng.pick(&self.initiatives_of[product]);
                (Ent::Item(i), "parent_id", Value::from(self.items[p].id.clone()))
            }
            58..=61 => {
                let i = item(self, |w| &w.one_year[..w.one_year.len().min(w.editable_one_year)]);
                (Ent::Item(i), "deleted", Value::from(self.rng.chance(0.5)))
            }
            62..=71 => {
                let i = item(self, |w| &w.initiatives[..]);
                (Ent::Item(i), "title", self.title())
            }
            72..=75 => {
                let i = item(self, |w| &w.initiatives[..]);
                (Ent::Item(i), "period", self.period(Horizon::Three))
            }
            76..=81 => {
                let i = item(self, |w| &w.themes[..]);
                (Ent::Item(i), "title", self.title())
            }
            82..=83 => {
                let i = item(self, |w| &w.themes[..]);
                (Ent::Item(i), "goal_id", Value::from(self.rng.pick(&self.goals).clone()))
            }
            84..=86 => (Ent::Member(self.rng.below(MEMBERS)), "name", self.person()),
            87..=89 => {
                (Ent::Member(LEADERS + self.rng.below(MEMBERS - LEADERS)), "role", Value::from(*self.rng.pick(ROLES)))
            }
            90..=91 => {
                let m = self.rng.pick(&self.members).clone();
                (Ent::Member(self.rng.below(MEMBERS)), "manager_id", Value::from(m))
            }
            92..=93 => (Ent::Product(self.rng.below(PRODUCTS)), "name", self.title()),
            94..=95 => {
                let m = self.rng.pick(&self.members).clone();
                (Ent::Product(self.rng.below(PRODUCTS)), "owner_id", Value::from(m))
            }
            96..=97 => (Ent::Goal(self.rng.below(GOALS)), "title", self.title()),
            _ => (Ent::Goal(self.rng.below(GOALS)), "description", self.description()),
        }
    }
}

fn horizon_str(h: Horizon) -> &'static str {
    match h {
        Horizon::Five => "five_year",
        Horizon::Three => "three_year",
        Horizon::One => "one_year",
    }
}

// ---------------------------------------------------------------------------------------------
// Setup and the measured ops

struct Setup {
    ops: usize,
    creation_ops: usize,
    elapsed: Duration,
}

/// Builds the workspace in `dir` through `Core::apply_remote`, batch by batch.
fn build(core: &Core, world: &mut World, oplog: usize) -> Setup {
    let started = Instant::now();
    let mut devices: Vec<Device> = Vec::new();
    let first = world.device(T0_MS);
    devices.push(first);
    let sets = world.creation(T0_MS);
    // The workspace's creator is its first member (leadership).
    devices[0].author = world.members[0].clone();
    for _ in 1..HISTORY_DEVICES {
        let d = world.device(T0_MS);
        devices.push(d);
    }
    let creation_ops = sets.len();
    let mut batch = Vec::with_capacity(BATCH);
    let mut applied = 0usize;
    let mut report_at = oplog / 10;
    let mut flush = |batch: &mut Vec<Op>, applied: &mut usize| {
        let a = core.apply_remote(batch).expect("setup batch applies");
        assert_eq!(a.won + a.lost, batch.len(), "setup ops are all new and all allowed");
        *applied += batch.len();
        batch.clear();
        if *applied >= report_at {
            eprintln!("  setup: {applied} ops in {:.1} s", started.elapsed().as_secs_f64());
            report_at += oplog / 10;
        }
    };
    let n = sets.len();
    for (k, set) in sets.into_iter().enumerate() {
        let ms = T0_MS + BASE_SPAN_MS * k as i64 / n as i64;
        let hlc = world.tick(ms);
        let d = world.rng.below(devices.len());
        batch.push(world.op(&mut devices[d], hlc, set));
        if batch.len() == BATCH {
            flush(&mut batch, &mut applied);
        }
    }
    let history = oplog.saturating_sub(creation_ops);
    for k in 0..history {
        let ms = T0_MS + BASE_SPAN_MS + HISTORY_SPAN_MS * k as i64 / history as i64;
        let hlc = world.tick(ms);
        let d = world.rng.below(devices.len());
        let set = world.edit();
        batch.push(world.op(&mut devices[d], hlc, set));
        if batch.len() == BATCH {
            flush(&mut batch, &mut applied);
        }
    }
    if !batch.is_empty() {
        flush(&mut batch, &mut applied);
    }
    Setup { ops: applied, creation_ops, elapsed: started.elapsed() }
}

struct Measured {
    batches: Vec<Vec<Op>>,
    edits: usize,
    stale: usize,
    created_items: usize,
}

/// 100,000 new ops from 3 new devices, one device per batch of 10,000 (one segment file).
fn measured_ops(world: &mut World) -> Measured {
    let now = T0_MS + BASE_SPAN_MS + HISTORY_SPAN_MS + DAY_MS;
    let mut devices: Vec<Device> = (0..MEASURED_DEVICES).map(|_| world.device(now)).collect();
    let creates_per_batch = ((BATCH as f64 * CREATE_SHARE) / 6.0).round() as usize;
    let edits_per_batch = BATCH - 6 * creates_per_batch;
    let (mut edits, mut stale, mut created_items) = (0, 0, 0);
    // Edits go to the items that were there before this sync, not to the ones it creates.
    world.editable_one_year = world.one_year.len();
    let mut batches = Vec::new();
    for b in 0..MEASURED_OPS / BATCH {
        let dev = &mut devices[b % MEASURED_DEVICES];
        let mut actions: Vec<bool> =
            (0..creates_per_batch).map(|_| true).chain((0..edits_per_batch).map(|_| false)).collect();
        for i in (1..actions.len()).rev() {
            actions.swap(i, world.rng.below(i + 1));
        }
        let mut ops = Vec::with_capacity(BATCH);
        for create in actions {
            let ms = now + (b * BATCH + ops.len()) as i64 * 50;
            if create {
                created_items += 1;
                for set in world.new_one_year_item(ms) {
                    let hlc = world.tick(ms);
                    ops.push(world.op(dev, hlc, set));
                }
            } else {
                edits += 1;
                let set = world.edit();
                let held = world.holder.get(&(set.0, set.1)).copied();
                let hlc = match held {
                    // Made before the value it meets (the device was offline): it loses.
                    Some(h) if world.rng.chance(STALE_SHARE) => {
                        stale += 1;
                        (h - 1 - ((world.rng.next() % (DAY_MS as u64)) << 16) as i64).max(0)
                    }
                    _ => world.tick(ms),
                };
                ops.push(world.op(dev, hlc, set));
            }
        }
        batches.push(ops);
    }
    Measured { batches, edits, stale, created_items }
}

fn apply_batches(core: &Core, batches: &[Vec<Op>]) -> (Duration, Applied, Vec<Duration>) {
    let mut total = Applied::default();
    let mut each = Vec::new();
    let started = Instant::now();
    for batch in batches {
        let t = Instant::now();
        let a = core.apply_remote(batch).expect("measured batch applies");
        each.push(t.elapsed());
        total.won += a.won;
        total.lost += a.lost;
        total.duplicate += a.duplicate;
        total.refused += a.refused;
    }
    (started.elapsed(), total, each)
}

// ---------------------------------------------------------------------------------------------
// Raw SQLite baseline

fn open_raw(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn
}

/// Inserts the rows with one prepared statement in one transaction into a fresh file.
fn raw_insert(dir: &Path, name: &str, ddl: &str, batches: &[Vec<Op>]) -> Duration {
    let mut conn = open_raw(&dir.join(name));
    conn.execute_batch(ddl).unwrap();
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx.prepare(INSERT_OPLOG).unwrap();
        for op in batches.iter().flatten() {
            stmt.execute(params![
                op.op_id,
                op.device_id,
                op.seq,
                op.hlc,
                op.author_id,
                op.table,
                op.entity_id,
                op.field,
                op.value.to_string()
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    started.elapsed()
}

// ---------------------------------------------------------------------------------------------
// Experiments (BATON_BENCH_EXPERIMENTS=1): variants on copies of the built workspace

const LOG_INSERT: &str =
    "INSERT INTO oplog (op_id, device_id, seq, hlc, author_id, entity_table, entity_id, field, value)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (op_id) DO NOTHING";
/// The field clock written only when the op wins; `changes()` says whether it did.
const CLOCK_UPSERT: &str = "INSERT INTO field_clock (entity_table, entity_id, field, hlc, device_id, op_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT (entity_table, entity_id, field)
     DO UPDATE SET hlc = excluded.hlc, device_id = excluded.device_id, op_id = excluded.op_id
     WHERE (excluded.hlc, excluded.device_id, excluded.op_id) > (hlc, device_id, op_id)";

fn field_upsert_sql(table: &str, field: &str) -> String {
    format!(
        "INSERT INTO {table} (id, {field}) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET {field} = excluded.{field}"
    )
}

/// `sync::apply` with one UPSERT guarded by the clock instead of SELECT then UPSERT.
fn apply_upsert(conn: &Connection, ops: &[Op]) -> Applied {
    let mut out = Applied::default();
    let mut log = conn.prepare_cached(LOG_INSERT).unwrap();
    let mut clock = conn.prepare_cached(CLOCK_UPSERT).unwrap();
    for op in ops {
        let (table, field, kind) = sync::field(&op.table, &op.field).unwrap();
        let value = registry::to_sql(kind, &op.value).unwrap();
        let row = params![
            op.op_id,
            op.device_id,
            op.seq,
            op.hlc,
            op.author_id,
            table,
            op.entity_id,
            field,
            op.value.to_string()
        ];
        if log.execute(row).unwrap() == 0 {
            out.duplicate += 1;
            continue;
        }
        if clock.execute(params![table, op.entity_id, field, op.hlc, op.device_id, op.op_id]).unwrap() == 0 {
            out.lost += 1;
            continue;
        }
        conn.prepare_cached(&field_upsert_sql(table, field)).unwrap().execute(params![op.entity_id, value]).unwrap();
        out.won += 1;
    }
    out
}

/// [`apply_upsert`] with every statement prepared once per batch and looked up by index
/// (no SQL string hashed or formatted per op).
fn apply_upsert_prepared(conn: &Connection, ops: &[Op]) -> Applied {
    let mut out = Applied::default();
    let mut log = conn.prepare_cached(LOG_INSERT).unwrap();
    let mut clock = conn.prepare_cached(CLOCK_UPSERT).unwrap();
    let fields: Vec<(&str, &str)> =
        sync::TABLES.iter().flat_map(|t| t.fields.iter().map(move |f| (t.name, f.name))).collect();
    let mut setters: Vec<Option<rusqlite::CachedStatement<'_>>> = fields.iter().map(|_| None).collect();
    for op in ops {
        let (table, field, kind) = sync::field(&op.table, &op.field).unwrap();
        let value = registry::to_sql(kind, &op.value).unwrap();
        let row = params![
            op.op_id,
            op.device_id,
            op.seq,
            op.hlc,
            op.author_id,
            table,
            op.entity_id,
            field,
            op.value.to_string()
        ];
        if log.execute(row).unwrap() == 0 {
            out.duplicate += 1;
            continue;
        }
        if clock.execute(params![table, op.entity_id, field, op.hlc, op.device_id, op.op_id]).unwrap() == 0 {
            out.lost += 1;
            continue;
        }
        let k = fields.iter().position(|f| *f == (table, field)).unwrap();
        let setter = match &mut setters[k] {
            Some(s) => s,
            slot => slot.insert(conn.prepare_cached(&field_upsert_sql(table, field)).unwrap()),
        };
        setter.execute(params![op.entity_id, value]).unwrap();
        out.won += 1;
    }
    out
}

/// Where a batch's time goes, statement by statement.
#[derive(Default)]
struct Steps {
    /// Schema lookup, value check, JSON to text.
    validate: Duration,
    log_insert: Duration,
    clock_select: Duration,
    field_upsert: Duration,
    clock_upsert: Duration,
    /// Everything after the ops, mostly COMMIT (WAL write, auto-checkpoint).
    commit: Duration,
    /// Syscall I/O volume of the whole variant.
    io: String,
}

/// The statements of `sync::apply`, verbatim and in its order, each timed.
fn apply_timed(conn: &Connection, ops: &[Op], steps: &mut Steps) -> Applied {
    let mut out = Applied::default();
    for op in ops {
        let t = Instant::now();
        let (table, field, kind) = sync::field(&op.table, &op.field).unwrap();
        let value = registry::to_sql(kind, &op.value).unwrap();
        let value_json = op.value.to_string();
        let t1 = Instant::now();
        steps.validate += t1 - t;
        let row = params![op.op_id, op.device_id, op.seq, op.hlc, op.author_id, table, op.entity_id, field, value_json];
        let inserted = conn.prepare_cached(LOG_INSERT).unwrap().execute(row).unwrap();
        let t2 = Instant::now();
        steps.log_insert += t2 - t1;
        if inserted == 0 {
            out.duplicate += 1;
            continue;
        }
        let holder: Option<(i64, String, String)> = conn
            .prepare_cached(
                "SELECT hlc, device_id, op_id FROM field_clock
                 WHERE entity_table = ?1 AND entity_id = ?2 AND field = ?3",
            )
            .unwrap()
            .query_row(params![table, op.entity_id, field], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .unwrap();
        let t3 = Instant::now();
        steps.clock_select += t3 - t2;
        let wins = match &holder {
            None => true,
            Some((hlc, device, op_id)) => {
                (op.hlc, op.device_id.as_str(), op.op_id.as_str()) > (*hlc, device.as_str(), op_id.as_str())
            }
        };
        if !wins {
            out.lost += 1;
            continue;
        }
        conn.prepare_cached(&field_upsert_sql(table, field)).unwrap().execute(params![op.entity_id, value]).unwrap();
        let t4 = Instant::now();
        steps.field_upsert += t4 - t3;
        conn.prepare_cached(
            "INSERT INTO field_clock (entity_table, entity_id, field, hlc, device_id, op_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (entity_table, entity_id, field)
             DO UPDATE SET hlc = excluded.hlc, device_id = excluded.device_id, op_id = excluded.op_id",
        )
        .unwrap()
        .execute(params![table, op.entity_id, field, op.hlc, op.device_id, op.op_id])
        .unwrap();
        steps.clock_upsert += t4.elapsed();
        out.won += 1;
    }
    out
}

/// Only the op-log append `sync::apply` starts with (same statement, same index set).
fn append_only(conn: &Connection, ops: &[Op]) -> Applied {
    let mut log = conn.prepare_cached(LOG_INSERT).unwrap();
    for op in ops {
        let (table, field, _) = sync::field(&op.table, &op.field).unwrap();
        let row = params![
            op.op_id,
            op.device_id,
            op.seq,
            op.hlc,
            op.author_id,
            table,
            op.entity_id,
            field,
            op.value.to_string()
        ];
        log.execute(row).unwrap();
    }
    Applied { won: ops.len(), ..Applied::default() }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    /// `Core::apply_remote`, as the app does it.
    ApplyRemote,
    /// The op-log INSERT alone.
    AppendOnly,
    Upsert,
    UpsertPrepared,
    /// `sync::apply`'s statements, each timed (plus the commit).
    Timed,
    /// `Core::apply_remote` on each batch stably sorted by (table, entity, field): per field the
    /// order is kept, so the outcome is the same, but pages are visited in key order.
    SortedApplyRemote,
    /// [`apply_upsert_prepared`] on the sorted batch.
    SortedUpsert,
}

/// The batch stably sorted by entity and field (the sort is timed with the variant).
fn sorted(batch: &[Op]) -> Vec<Op> {
    let mut ops = batch.to_vec();
    ops.sort_by(|a, b| (&a.table, &a.entity_id, &a.field).cmp(&(&b.table, &b.entity_id, &b.field)));
    ops
}

struct Variant {
    name: &'static str,
    /// SQL run once on the copy before timing (index changes).
    prepare: &'static str,
    /// Pragmas set on the connection before timing.
    pragmas: &'static [(&'static str, i64)],
    run: Run,
}

const NO_ENTITY_INDEXES: &str = "DROP INDEX oplog_by_entity; DROP INDEX oplog_by_entity_id;";
const MERGED_INDEX: &str = "DROP INDEX oplog_by_entity; DROP INDEX oplog_by_entity_id;
    CREATE INDEX oplog_by_entity_field ON oplog (entity_id, field);";
const CACHE_64M: (&str, i64) = ("cache_size", -65_536);
const CACHE_256M: (&str, i64) = ("cache_size", -262_144);
const NO_AUTOCHECKPOINT: (&str, i64) = ("wal_autocheckpoint", 0);

const VARIANTS: &[Variant] = &[
    Variant { name: "sync::apply's statements, timed one by one", prepare: "", pragmas: &[], run: Run::Timed },
    Variant {
        name: "sync::apply's statements timed, cache 256 MiB",
        prepare: "",
        pragmas: &[CACHE_256M],
        run: Run::Timed,
    },
    Variant { name: "apply_remote, as is (again, on a fresh copy)", prepare: "", pragmas: &[], run: Run::ApplyRemote },
    Variant { name: "op-log INSERT only (apply's first statement)", prepare: "", pragmas: &[], run: Run::AppendOnly },
    Variant {
        name: "op-log INSERT only, without the 2 entity indexes",
        prepare: NO_ENTITY_INDEXES,
        pragmas: &[],
        run: Run::AppendOnly,
    },
    Variant {
        name: "apply_remote, without the 2 entity indexes",
        prepare: NO_ENTITY_INDEXES,
        pragmas: &[],
        run: Run::ApplyRemote,
    },
    Variant {
        name: "apply_remote, entity indexes merged: (entity_id, field)",
        prepare: MERGED_INDEX,
        pragmas: &[],
        run: Run::ApplyRemote,
    },
    Variant { name: "apply_remote, cache_size 64 MiB", prepare: "", pragmas: &[CACHE_64M], run: Run::ApplyRemote },
    Variant { name: "apply_remote, cache_size 256 MiB", prepare: "", pragmas: &[CACHE_256M], run: Run::ApplyRemote },
    Variant {
        name: "apply_remote, cache 256 MiB, no auto-checkpoint",
        prepare: "",
        pragmas: &[CACHE_256M, NO_AUTOCHECKPOINT],
        run: Run::ApplyRemote,
    },
    Variant {
        name: "sync::apply's statements timed, cache 256 MiB, no auto-ckpt",
        prepare: "",
        pragmas: &[CACHE_256M, NO_AUTOCHECKPOINT],
        run: Run::Timed,
    },
    Variant { name: "UPSERT-with-WHERE apply (no SELECT)", prepare: "", pragmas: &[], run: Run::Upsert },
    Variant { name: "UPSERT apply, statements prepared once", prepare: "", pragmas: &[], run: Run::UpsertPrepared },
    Variant { name: "apply_remote, batch sorted by entity", prepare: "", pragmas: &[], run: Run::SortedApplyRemote },
    Variant {
        name: "merged index + cache 64 MiB + UPSERT apply",
        prepare: MERGED_INDEX,
        pragmas: &[CACHE_64M],
        run: Run::UpsertPrepared,
    },
    Variant {
        name: "merged index + cache 256 MiB + no auto-ckpt + UPSERT",
        prepare: MERGED_INDEX,
        pragmas: &[CACHE_256M, NO_AUTOCHECKPOINT],
        run: Run::UpsertPrepared,
    },
    Variant {
        name: "all of the above + batch sorted by entity",
        prepare: MERGED_INDEX,
        pragmas: &[CACHE_256M, NO_AUTOCHECKPOINT],
        run: Run::SortedUpsert,
    },
    Variant {
        name: "same, but no entity index at all (ceiling)",
        prepare: NO_ENTITY_INDEXES,
        pragmas: &[CACHE_256M, NO_AUTOCHECKPOINT],
        run: Run::SortedUpsert,
    },
];

fn run_variant(template: &Path, work: &Path, v: &Variant, measured: &Measured) -> (Duration, Steps) {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).unwrap();
    std::fs::copy(template.join(DB_FILE), work.join(DB_FILE)).unwrap();
    sync_file(&work.join(DB_FILE));
    let core = Core::open_dir(work).unwrap();
    core.transact(|tx| {
        tx.execute_batch(v.prepare)?;
        for (pragma, value) in v.pragmas {
            tx.pragma_update(None, pragma, value)?;
        }
        Ok(())
    })
    .unwrap();
    let mut total = Applied::default();
    let mut steps = Steps::default();
    let io = io_bytes();
    let started = Instant::now();
    for batch in &measured.batches {
        let a = match v.run {
            Run::SortedApplyRemote => core.apply_remote(&sorted(batch)).unwrap(),
            Run::SortedUpsert => core.transact(|tx| Ok(apply_upsert_prepared(tx, &sorted(batch)))).unwrap(),
            Run::Timed => {
                let t = Instant::now();
                let mut inside = Duration::ZERO;
                let a = core
                    .transact(|tx| {
                        let t = Instant::now();
                        let a = apply_timed(tx, batch, &mut steps);
                        inside = t.elapsed();
                        Ok(a)
                    })
                    .unwrap();
                steps.commit += t.elapsed() - inside;
                a
            }
            Run::ApplyRemote => core.apply_remote(batch).unwrap(),
            Run::AppendOnly => core.transact(|tx| Ok(append_only(tx, batch))).unwrap(),
            Run::Upsert => core.transact(|tx| Ok(apply_upsert(tx, batch))).unwrap(),
            Run::UpsertPrepared => core.transact(|tx| Ok(apply_upsert_prepared(tx, batch))).unwrap(),
        };
        total.won += a.won;
        total.lost += a.lost;
    }
    // Whatever the WAL still holds is written back now, inside the timing, so a variant that
    // defers checkpoints is charged for them.
    Connection::open(work.join(DB_FILE)).unwrap().query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).unwrap();
    let took = started.elapsed();
    steps.io = io_since(io);
    if v.run != Run::AppendOnly {
        assert_eq!(total.lost, measured.stale, "{}: the same ops lose", v.name);
    }
    drop(core);
    let _ = std::fs::remove_dir_all(work);
    (took, steps)
}

/// Runs the variants whose name contains `BATON_BENCH_VARIANT` (all if unset).
fn experiments(template: &Path, scratch: &Path, measured: &Measured, apply_ms: f64) {
    let only = std::env::var("BATON_BENCH_VARIANT").unwrap_or_default();
    println!(
        "experiments (each on a fresh copy of the built workspace, same {MEASURED_OPS} ops, timing includes a final \
         WAL checkpoint):"
    );
    for v in VARIANTS.iter().filter(|v| v.name.contains(&only)) {
        let (took, steps) = run_variant(template, &scratch.join("variant"), v, measured);
        let ms = took.as_secs_f64() * 1e3;
        println!(
            "  {:<58} {:>7.0} ms {:>8.0} ops/s  {:.2}× the measured apply_remote; {}",
            v.name,
            ms,
            MEASURED_OPS as f64 / took.as_secs_f64(),
            ms / apply_ms,
            steps.io
        );
        if v.run == Run::Timed {
            let parts = [
                ("op-log INSERT", steps.log_insert),
                ("field_clock SELECT", steps.clock_select),
                ("table UPSERT", steps.field_upsert),
                ("field_clock UPSERT", steps.clock_upsert),
                ("commit", steps.commit),
                ("validate + JSON", steps.validate),
            ];
            let line: Vec<String> = parts
                .iter()
                .map(|(name, d)| {
                    format!(
                        "{name} {:.0} ms ({:.0}%)",
                        d.as_secs_f64() * 1e3,
                        100.0 * d.as_secs_f64() / took.as_secs_f64()
                    )
                })
                .collect();
            println!("      {}", line.join(", "));
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// Flushes a file the bench just wrote, so its writeback does not land in a later timing.
fn sync_file(path: &Path) {
    std::fs::File::open(path).unwrap().sync_all().unwrap();
}

/// Bytes this process has read and written through syscalls so far (Linux `/proc/self/io`).
fn io_bytes() -> Option<(u64, u64)> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    let get = |key: &str| io.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.trim().parse::<u64>().ok());
    Some((get("rchar:")?, get("wchar:")?))
}

/// "read X MiB, wrote Y MiB" since `before`.
fn io_since(before: Option<(u64, u64)>) -> String {
    match (before, io_bytes()) {
        (Some((r0, w0)), Some((r1, w1))) => {
            let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
            format!("read {:.0} MiB, wrote {:.0} MiB", mib(r1 - r0), mib(w1 - w0))
        }
        _ => "I/O volume unavailable".to_owned(),
    }
}

fn file_mib(path: &Path) -> f64 {
    std::fs::metadata(path).map(|m| m.len() as f64 / (1024.0 * 1024.0)).unwrap_or(0.0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing here takes arguments.
    let oplog: usize = std::env::var("BATON_BENCH_OPLOG")
        .ok()
        .and_then(|s| s.trim().replace('_', "").parse().ok())
        .unwrap_or(DEFAULT_OPLOG);
    let run_experiments = std::env::var("BATON_BENCH_EXPERIMENTS").is_ok_and(|v| v == "1");
    let tmp = tempfile::tempdir().unwrap();
    let ws_dir = tmp.path().join("workspace");

    println!("baton-core apply_remote benchmark (release, on-disk SQLite in WAL mode, synchronous=NORMAL)");
    println!(
        "workspace: {MEMBERS} members, {PRODUCTS} products, {THEMES} five-year themes, {INITIATIVES} three-year \
         initiatives, {ITEMS} one-year items, {GOALS} goals"
    );
    println!("  stories: NOT modelled yet (the schema has no story table), so the 100,000 stories are left out");

    let mut world = World::new();
    let core = Core::open_dir(&ws_dir).unwrap();
    let setup = build(&core, &mut world, oplog);
    let count: i64 = core.read(|c| Ok(c.query_row("SELECT count(*) FROM oplog", [], |r| r.get(0))?)).unwrap();
    assert_eq!(count as usize, setup.ops);
    drop(core); // checkpoints the WAL into the file
    sync_file(&ws_dir.join(DB_FILE));
    println!(
        "setup: {} ops ({} creating the workspace, {} historical edits from {HISTORY_DEVICES} devices) applied with \
         Core::apply_remote in batches of {BATCH} in {:.1} s ({:.0} ops/s); database {:.0} MiB",
        setup.ops,
        setup.creation_ops,
        setup.ops - setup.creation_ops,
        setup.elapsed.as_secs_f64(),
        setup.ops as f64 / setup.elapsed.as_secs_f64(),
        file_mib(&ws_dir.join(DB_FILE))
    );

    let measured = measured_ops(&mut world);
    let total: usize = measured.batches.iter().map(Vec::len).sum();
    assert_eq!(total, MEASURED_OPS);
    println!(
        "measured: {total} ops from {MEASURED_DEVICES} new devices in {} batches of {BATCH} (one transaction each): \
         {} edits of existing fields ({} made before the value they meet, so they lose), {} ops creating {} one-year items",
        measured.batches.len(),
        measured.edits,
        measured.stale,
        total - measured.edits,
        measured.created_items
    );

    let template = tmp.path().join("template");
    if run_experiments {
        std::fs::create_dir_all(&template).unwrap();
        std::fs::copy(ws_dir.join(DB_FILE), template.join(DB_FILE)).unwrap();
        sync_file(&template.join(DB_FILE));
    }

    let core = Core::open_dir(&ws_dir).unwrap();
    let io = io_bytes();
    let (apply_time, applied, each) = apply_batches(&core, &measured.batches);
    let apply_io = io_since(io);
    drop(core);
    assert_eq!(applied.duplicate, 0);
    assert_eq!(applied.lost, measured.stale, "every stale edit loses, every other op wins");
    assert_eq!(applied.won, total - measured.stale);
    println!(
        "  applied: {} won, {} lost, {} duplicate, {} refused by role checks",
        applied.won, applied.lost, applied.duplicate, applied.refused
    );
    let each: Vec<String> = each.iter().map(|d| format!("{:.0}", d.as_secs_f64() * 1e3)).collect();
    println!("  per batch of {BATCH} (ms): {}; syscall I/O: {apply_io}", each.join(", "));

    let raw_dir = tmp.path().join("raw");
    std::fs::create_dir_all(&raw_dir).unwrap();
    let io = io_bytes();
    let raw = raw_insert(&raw_dir, "raw.sqlite3", OPLOG_TABLE, &measured.batches);
    let raw_io = io_since(io);
    let raw_indexed =
        raw_insert(&raw_dir, "raw_indexed.sqlite3", &format!("{OPLOG_TABLE}\n{OPLOG_INDEXES}"), &measured.batches);
    println!(
        "raw SQLite, fresh file, one prepared INSERT in one transaction: {:.0} ms into the oplog table (PK + UNIQUE); \
         {:.0} ms with its 2 entity indexes too; syscall I/O of the first: {raw_io}",
        raw.as_secs_f64() * 1e3,
        raw_indexed.as_secs_f64() * 1e3
    );

    let apply_ms = apply_time.as_secs_f64() * 1e3;
    let ops_per_s = total as f64 / apply_time.as_secs_f64();
    let ratio = apply_time.as_secs_f64() / raw.as_secs_f64();
    if run_experiments {
        experiments(&template, tmp.path(), &measured, apply_ms);
    }
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!(
        "targets: ≥ 100000 ops/s {}; ≤ 3× raw insert {} (op log {} ops before the run)",
        verdict(ops_per_s >= 100_000.0),
        verdict(ratio <= 3.0),
        setup.ops
    );
    println!(
        "apply_remote: {total} ops in {apply_ms:.0} ms = {ops_per_s:.0} ops/s; raw insert {:.0} ms; ratio {ratio:.1}× \
         (target ≥ 100000 ops/s, ≤ 3×)",
        raw.as_secs_f64() * 1e3
    );
}
