-- Export jobs remember whether their package carries personal values and salts
-- (docs/personal-data.md): decided once, by ViewerPrivacy, for the person who queued the job, because
-- the worker that runs it later has no viewer. Queued by the web app's role like the job's other
-- columns; nothing may change it afterwards.
alter table web.export_jobs add column reveal_personal_values boolean not null default false;
grant insert (reveal_personal_values) on web.export_jobs to auditexplorer_reader;
