"""Reports (issue 7): the report centre, the group's annual report, members' annual reports and
meeting packs. Lives in `vpwg` rather than a new app: every report kind shares one render pipeline
(Report rows rendered by Celery), and the models keep their migrations in vpwg/migrations.
"""
