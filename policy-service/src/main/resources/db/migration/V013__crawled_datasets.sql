-- Crawled datasets: how each dataset's schema may change (update: any change is a new version;
-- additive: only added columns, anything else is refused and alerted; freeze: no change at all),
-- and what the last crawl saw of its files.
alter table dataset add column schema_policy text not null default 'update'
    check (schema_policy in ('update', 'additive', 'freeze'));
alter table dataset add column partition_keys text; -- JSON array of the Hive partition keys, in path order
alter table dataset add column partitions integer;
alter table dataset add column crawled_at timestamptz;
