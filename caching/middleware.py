from .pages import reading


class DataVersionOncePerRequest:
    """Reading a page (GET, HEAD), the data version is read once (caching/pages.py). A request
    that may write reads it each time: what it shows after its write must be of the new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = reading.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            reading.reset(token)
