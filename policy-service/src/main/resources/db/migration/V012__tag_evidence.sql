-- What a scan saw: a few of the spans it found for the tag, masked (the shape of the value, not
-- the value), as a JSON array of strings, for the reviewer to judge the tag by.
alter table column_tag add column evidence text;
