-- Lineage as it stood at a time, with edges a job no longer produces retired. A job's shape at
-- time T is the union of the job versions (shapes) reported by its latest run that began at or
-- before T; an edge (job input/output, column lineage) is live at T when a version of that shape
-- holds it. Edges are never deleted: the data a job once copied still exists, so PII propagation
-- follows every edge ever seen, while lineage, column lineage, impact and paths show live edges.
-- Deriving liveness from runs, not stamping edges retired, stays right when events arrive out of
-- order and when an old shape comes back.

-- Which versions each run reported: one row per run and version. A JobEvent (no run) is a run of
-- its own here, under an id derived from its event. Only events that name inputs or outputs count:
-- a run that failed before it read anything does not erase its job's lineage.
create table job_shape (
    job_id         bigint      not null references job on delete cascade,
    run_id         uuid        not null,
    job_version_id bigint      not null references job_version on delete cascade,
    began_at       timestamptz not null, -- the run's earliest event: the same on every row of the run
    primary key (run_id, job_version_id)
);
create index job_shape_by_job on job_shape (job_id, began_at desc, run_id desc);

-- The edges each version holds.
create table job_version_io (
    job_version_id bigint not null references job_version on delete cascade,
    dataset_id     bigint not null references dataset on delete cascade,
    direction      text   not null check (direction in ('input', 'output')),
    primary key (job_version_id, dataset_id, direction)
);

create table job_version_column_lineage (
    job_version_id    bigint not null references job_version on delete cascade,
    column_lineage_id bigint not null references column_lineage on delete cascade,
    primary key (column_lineage_id, job_version_id)
);

-- The versions that make up a job's shape at a time. Not strict, stable, one SELECT: PostgreSQL
-- inlines it into the calling query like a view, so walks pay index probes, not function calls.
create function lineage_shape(job bigint, at timestamptz) returns setof bigint language sql stable as $$
    select s.job_version_id from job_shape s
    where s.run_id = (select r.run_id from job_shape r where r.job_id = job and r.began_at <= at
                      order by r.began_at desc, r.run_id desc limit 1)
$$;

-- Lineage recorded before this migration keeps looking as it did: each run keeps its version,
-- jobs seen only through JobEvents get one row per version, and every edge belongs to every
-- version of its job (the versions' own edges were not recorded).
insert into job_shape (job_id, run_id, job_version_id, began_at)
select r.job_id, r.run_id, r.job_version_id,
       coalesce(r.started_at, (select min(t.at) from lineage_run_state t where t.run_id = r.run_id), r.updated_at)
from lineage_run r
where r.job_version_id is not null;

insert into job_shape (job_id, run_id, job_version_id, began_at)
select v.job_id, cast(md5('job_version ' || v.id) as uuid), v.id, v.created_at
from job_version v
where not exists (select 1 from job_shape s where s.job_id = v.job_id);

insert into job_version_io (job_version_id, dataset_id, direction)
select v.id, io.dataset_id, io.direction
from job_io io join job_version v on v.job_id = io.job_id;

-- An edge's job is its first producer; edges from before jobs were recorded belong to the jobs
-- that write their output dataset.
insert into job_version_column_lineage (job_version_id, column_lineage_id)
select v.id, l.id
from column_lineage l join job_version v on v.job_id = l.job_id
union
select v.id, l.id
from column_lineage l
join job_io io on io.dataset_id = l.output_dataset_id and io.direction = 'output'
join job_version v on v.job_id = io.job_id
where l.job_id is null;
