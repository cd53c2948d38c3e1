"""Thin views for comment threads: plain POST + redirect to the comment, so the page works without JS.

Every view checks the role (403) and that the thread/comment belongs to the
claim in the URL (404); services check the rules again and do the writing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import get_claim_for_user, require_desk_access
from claims.models import Claim
from factcheck.markup import render_markdown
from factcheck.errors import InvalidInput, NotAllowed

from . import rules, selectors, services
from .forms import EditForm, ReplyForm, ThreadForm
from .models import BODY_MAX_LENGTH, Comment, Thread


def _report(request, posted, done_message):
    messages.success(request, done_message)
    if posted.notified:
        messages.info(
            request,
            _("Notified: %(names)s.") % {"names": ", ".join("@" + u.get_username() for u in posted.notified)},
        )
    if posted.not_notified:
        messages.warning(
            request,
            _("Not notified, because they cannot see this claim: %(names)s.")
            % {"names": ", ".join("@" + u.get_username() for u in posted.not_notified)},
        )


def _form_page(request, template, context, *, invalid):
    """Re-show a refused form with its errors (400), or show it for the first time (200)."""
    context["mention_url"] = reverse("mention_candidates") + f"?claim={context['claim'].pk}"
    return render(request, template, context, status=400 if invalid else 200)


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request, pk):
    claim = get_claim_for_user(request.user, pk)
    form = ThreadForm(request.POST if request.method == "POST" else None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            posted = services.start_thread(
                claim=claim, user=request.user, body=form.cleaned_data["body"], **form.anchor_kwargs()
            )
        except InvalidInput as error:
            form.add_error("anchor" if error.field == "anchor" else "body", error.message)
        else:
            _report(request, posted, _("Comment posted."))
            return redirect(posted.comment.get_absolute_url())
    return _form_page(
        request, "comments/thread_form.html", {"claim": claim, "form": form}, invalid=request.method == "POST"
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk, thread_pk):
    claim = get_claim_for_user(request.user, pk)
    thread = get_object_or_404(Thread.objects.select_related("claim"), pk=thread_pk, claim=claim)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            posted = services.reply(thread=thread, user=request.user, body=form.cleaned_data["body"], claim=claim)
        except InvalidInput as error:
            form.add_error("body", error.message)
        else:
            _report(request, posted, _("Reply posted."))
            return redirect(posted.comment.get_absolute_url())
    return _form_page(
        request,
        "comments/reply_form.html",
        {"claim": claim, "thread": thread, "form": form},
        invalid=request.method == "POST",
    )


def _comment_on(claim, comment_pk):
    return get_object_or_404(Comment.objects.select_related("thread__claim", "author"), pk=comment_pk, thread__claim=claim)


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk, comment_pk):
    claim = get_claim_for_user(request.user, pk)
    comment = _comment_on(claim, comment_pk)
    refusal = rules.change_refusal(request.user, comment)
    if refusal:
        raise refusal
    form = EditForm(request.POST if request.method == "POST" else None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            posted = services.edit_comment(comment=comment, user=request.user, body=form.cleaned_data["body"])
        except InvalidInput as error:
            form.add_error("body", error.message)
        else:
            _report(request, posted, _("Comment updated."))
            return redirect(posted.comment.get_absolute_url())
    return _form_page(
        request,
        "comments/edit_form.html",
        {"claim": claim, "comment": comment, "form": form},
        invalid=request.method == "POST",
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_comment(request, pk, comment_pk):
    claim = get_claim_for_user(request.user, pk)
    comment = _comment_on(claim, comment_pk)
    refusal = rules.change_refusal(request.user, comment)
    if refusal:
        raise refusal
    if request.method == "POST":
        services.remove_comment(comment=comment, user=request.user)
        messages.success(request, _("Comment removed."))
        return redirect(comment.get_absolute_url())
    return render(request, "comments/remove_confirm.html", {"claim": claim, "comment": comment})


@login_required
@require_GET
def comment_history(request, pk, comment_pk):
    claim = get_claim_for_user(request.user, pk)
    comment = _comment_on(claim, comment_pk)
    if not rules.can_see_history(request.user, comment):
        raise NotAllowed(_("Only its author and chief editors can see the history of a removed comment."))
    revisions = comment.revisions.select_related("changed_by")
    return render(
        request, "comments/history.html", {"claim": claim, "comment": comment, "revisions": revisions}
    )


@login_required
@require_POST
def resolve_thread(request, pk, thread_pk):
    return _resolution(request, pk, thread_pk, resolve=True)


@login_required
@require_POST
def reopen_thread(request, pk, thread_pk):
    return _resolution(request, pk, thread_pk, resolve=False)


def _resolution(request, pk, thread_pk, *, resolve):
    claim = get_claim_for_user(request.user, pk)
    thread = get_object_or_404(Thread.objects.select_related("claim"), pk=thread_pk, claim=claim)
    if resolve:
        services.resolve_thread(thread=thread, user=request.user)
        messages.success(request, _("Thread resolved."))
    else:
        services.reopen_thread(thread=thread, user=request.user)
        messages.success(request, _("Thread reopened."))
    return redirect(thread.get_absolute_url())


@login_required
@require_GET
def mention_candidates(request):
    """JSON for @mention autocomplete: desk users only, and only for desk users."""
    require_desk_access(request.user)
    users = selectors.mention_candidates(request.GET.get("q", ""))
    claim = None
    if request.GET.get("claim", "").isdigit():
        claim = Claim.objects.filter(pk=int(request.GET["claim"])).first()
    return JsonResponse(
        {
            "results": [
                {
                    "username": user.get_username(),
                    "name": user.get_full_name(),
                    "can_see_claim": claim is None or rules.comment_refusal(user, claim) is None,
                }
                for user in users
            ]
        }
    )


@login_required
@require_POST
def preview(request):
    """JSON preview of Markdown through the one sanitiser (progressive enhancement for the comment forms)."""
    require_desk_access(request.user)
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX_LENGTH:
        return JsonResponse({"error": _("A comment can be at most %(max)s characters long.") % {"max": BODY_MAX_LENGTH}}, status=400)
    return JsonResponse({"html": str(render_markdown(body))})
