"""What can go wrong when the Ban's seal is applied, as messages a person can act on.

`transient` errors (the timestamp server did not answer) are worth another try later; the others
(no token, a wrong PIN or passphrase, a missing key file) need a person, so the job fails at once
and the reason shows on the document's page. Retrying a wrong PIN would only lock the token."""


class SigningError(Exception):
    transient = False

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


class SigningUnavailable(SigningError):
    """A service the seal needs (the timestamp server) did not answer: try again later."""

    transient = True
