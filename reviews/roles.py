"""The desk's roles as Django groups, and the permissions each one holds.

Data migrations call `sync_roles` so every database gets the same groups; an
app that adds permissions later adds them here and ships a migration that
calls `sync_roles` again (it is idempotent).
"""

EDITOR = "Editor"
REVIEWER = "Reviewer"
CHIEF_EDITOR = "Chief editor"
ADMIN = "Admin"

_READ_DESK = [
    "claims.view_claim",
    "claims.view_speaker",
    "claims.view_speakeralias",
    "claims.view_speakerrole",
    "claims.view_speakeridentifier",
    "claims.view_event",
    "claims.view_tag",
    "claims.view_source",
    "claims.view_outlet",
    "claims.view_outletalias",
    "claims.view_reportinghop",
    "claims.view_evidence",
    "reviews.view_verdict",
    "reviews.view_rating",
    "reviews.view_ratingscale",
    "claims.view_auditentry",
    "reviews.view_correction",
    "reviews.view_factcheckrevision",
    "comments.view_thread",
    "comments.view_comment",
    "comments.view_commentrevision",
    "partners.view_partner",
    "partners.view_externalfactcheck",
]

_RESEARCH = [
    "claims.add_source",
    "claims.change_source",
    "claims.add_evidence",
    "claims.change_evidence",
    "claims.delete_evidence",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.add_speakeralias",
    "claims.change_speakeralias",
    "claims.delete_speakeralias",
    "claims.add_speakerrole",
    "claims.change_speakerrole",
    "claims.delete_speakerrole",
    "claims.add_speakeridentifier",
    "claims.change_speakeridentifier",
    "claims.delete_speakeridentifier",
    "claims.add_event",
    "claims.change_event",
    "claims.add_tag",
    "claims.add_outlet",
    "claims.change_outlet",
    "claims.add_outletalias",
    "claims.change_outletalias",
    "claims.delete_outletalias",
    "claims.add_reportinghop",
    "claims.change_reportinghop",
    "claims.delete_reportinghop",
]

ROLE_PERMISSIONS = {
    EDITOR: _READ_DESK + _RESEARCH + ["claims.add_claim", "claims.change_claim", "claims.submit_claim", "claims.take_in_article"],
    REVIEWER: _READ_DESK + _RESEARCH + ["claims.review_claim"],
    CHIEF_EDITOR: _READ_DESK
    + ["claims.approve_verdict", "claims.publish_claim", "claims.assign_reviewer", "claims.delete_source"]
    # Merging two speaker records rewrites every claim of one of them: a chief editor's call.
    + ["claims.merge_speaker"]
    + ["comments.moderate_comment"]
    + ["publishing.view_deskpage", "publishing.change_deskpage"]
    # Article intake (README): a chief takes an article in and hands its drafts to editors.
    + ["claims.take_in_article"]
    # Partners' fact-checks: which desks to import from is a chief editor's call.
    + ["partners.add_partner", "partners.change_partner"],
    # Admin holds every permission of these apps, including rating scales and users.
    ADMIN: ["*"],
}
ADMIN_APPS = ["auth", "claims", "reviews", "authtoken", "axes", "comments", "notifications", "publishing", "partners"]


def sync_roles(apps, schema_editor=None):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if names == ["*"]:
            perms = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
        else:
            perms = []
            for name in names:
                app_label, codename = name.split(".")
                perms.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*perms)
