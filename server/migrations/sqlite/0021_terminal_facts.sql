-- Cases a citizen files alone at a Bürger-Terminal (issue 28) are cases of their service and
-- place like any other, but no Koffer was set up for them and no clerk spent time on them: the
-- evaluation counts them, and leaves them out of the deployments and the handling times.
ALTER TABLE case_facts ADD COLUMN channel TEXT NOT NULL DEFAULT 'koffer';
