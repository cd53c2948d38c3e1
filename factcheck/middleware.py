from django.shortcuts import render

from factcheck.errors import WorkflowError


class WorkflowErrorMiddleware:
    """A refused workflow step anywhere (view, admin) becomes a page that says why, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, WorkflowError):
            return render(request, "error.html", {"message": exception.message}, status=exception.status_code)
        return None
