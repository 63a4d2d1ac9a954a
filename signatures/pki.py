"""Certificates made with the `cryptography` package: the demo key of `make run` (signatures.demo)
and the tests' own PKI. Nothing here is for a real seal: real keys come from a CA (the Ban Cơ yếu)."""

import datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common_name, organization="", country="VN"):
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, country)]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def issue(
    subject,
    key,
    *,
    issuer=None,
    issuer_key=None,
    ca=False,
    path_length=None,
    valid_from=None,
    valid_until=None,
    time_stamping=False,
):
    """A certificate for `key`; self-signed without an issuer. A CA signs certificates; an end
    certificate signs documents (digitalSignature + nonRepudiation) or, for a TSA, timestamps."""
    now = datetime.datetime.now(datetime.UTC)
    issuer_cert, issuer_key = issuer, issuer_key or key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - datetime.timedelta(days=1))
        .not_valid_after(valid_until or now + datetime.timedelta(days=3650 if ca else 730))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca and not time_stamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def cert_pem(*certs):
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def key_pem(key):
    """Unencrypted PKCS#8 (what softhsm2-util imports)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def pkcs12_bytes(key, cert, chain=(), *, passphrase, friendly_name=b"seal"):
    return pkcs12.serialize_key_and_certificates(
        friendly_name, key, cert, list(chain), serialization.BestAvailableEncryption(passphrase)
    )


def to_asn1(cert):
    """The asn1crypto form pyHanko works with."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def key_to_asn1(key):
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
