"""The tests' own PKI, made with the `cryptography` package (signatures.pki): a root and an
intermediate CA, the Ban's seal, a leader's personal certificate, a certificate of another
(untrusted) root, an expired one, and a timestamp authority. Made once per test process."""

import datetime
import io
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import tsp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures import pki

BAN = "Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa"
SEAL_NAME = "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY KHÁNH HÒA"
LEADER_NAME = "Nguyễn Văn Thành"
PASSPHRASE = "mật-khẩu-thử"


@dataclass
class Party:
    cert: object
    key: object
    chain: tuple = ()

    def signer(self):
        """A pyHanko signer, as the person's own signing tool would hold it."""
        return signers.SimpleSigner(
            signing_cert=pki.to_asn1(self.cert),
            signing_key=pki.key_to_asn1(self.key),
            cert_registry=SimpleCertificateStore.from_certs([pki.to_asn1(c) for c in self.chain]),
        )


class SigningPki:
    def __init__(self, folder):
        now = datetime.datetime.now(datetime.UTC)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        root_key = pki.new_key()
        self.root = pki.issue(
            pki.name("Root CA thử nghiệm", "Ban Cơ yếu (thử)"), root_key, ca=True, path_length=1
        )
        inter_key = pki.new_key()
        self.intermediate = pki.issue(
            pki.name("CA cấp dưới thử nghiệm", "Ban Cơ yếu (thử)"),
            inter_key,
            issuer=self.root,
            issuer_key=root_key,
            ca=True,
            path_length=0,
        )
        chain = (self.intermediate,)

        def end(common_name, organization=BAN, **kwargs):
            key = pki.new_key()
            cert = pki.issue(
                pki.name(common_name, organization),
                key,
                issuer=self.intermediate,
                issuer_key=inter_key,
                **kwargs,
            )
            return Party(cert, key, chain)

        self.seal = end(SEAL_NAME)
        self.leader = end(LEADER_NAME)
        self.expired = end(
            "Trần Thị Hết Hạn",
            valid_from=now - datetime.timedelta(days=400),
            valid_until=now - datetime.timedelta(days=30),
        )
        self.tsa = end("Máy chủ dấu thời gian thử", "Ban Cơ yếu (thử)", time_stamping=True)
        other_key = pki.new_key()
        other_root = pki.issue(pki.name("Root CA lạ", "Không rõ"), other_key, ca=True, path_length=0)
        untrusted_key = pki.new_key()
        self.untrusted = Party(
            pki.issue(
                pki.name("Lê Văn Lạ", "Không rõ"), untrusted_key, issuer=other_root, issuer_key=other_key
            ),
            untrusted_key,
            (other_root,),
        )
        self.root_pem = self.write("root.pem", pki.cert_pem(self.root))
        self.chain_pem = self.write("chain.pem", pki.cert_pem(self.intermediate))
        self.seal_p12 = self.write(
            "seal.p12", pki.pkcs12_bytes(self.seal.key, self.seal.cert, chain, passphrase=PASSPHRASE.encode())
        )
        self.passphrase_file = self.write("passphrase", PASSPHRASE.encode())
        self.wrong_passphrase_file = self.write("wrong-passphrase", b"not-it")
        self.seal_key_pem = self.write("seal-key.pem", pki.key_pem(self.seal.key))
        self.seal_cert_pem = self.write("seal.pem", pki.cert_pem(self.seal.cert))

    def write(self, name, data):
        path = self.folder / name
        path.write_bytes(data)
        return path

    def timestamper(self, fixed_dt=None):
        return DummyTimeStamper(
            tsa_cert=pki.to_asn1(self.tsa.cert),
            tsa_key=pki.key_to_asn1(self.tsa.key),
            certs_to_embed=[pki.to_asn1(self.intermediate)],
            fixed_dt=fixed_dt,
        )


def sign_as(party, data, *, timestamper=None, field_name="ChuKyLanhDao"):
    """Sign PDF bytes as a person would with their own tool: an incremental update with one
    signature, outside the portal."""
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    signers.PdfSigner(meta, signer=party.signer(), timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)), output=out
    )
    return out.getvalue()


class TimestampServer:
    """A local RFC 3161 timestamp authority over HTTP on 127.0.0.1, answering with the test TSA's
    key; `delay` makes it slow (a job killed while it waits), `down()` makes it refuse."""

    def __init__(self, test_pki):
        self.stamper = test_pki.timestamper()
        self.delay = 0.0
        self.requests = 0
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.requests += 1
                if server.delay:
                    server.release.wait(server.delay)
                response = server.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(response)))
                self.end_headers()
                self.wfile.write(response)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
