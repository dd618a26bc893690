"""Media types of the API that schemathesis cannot generate on its own."""

from hypothesis import strategies as st
import schemathesis

# A part of a resumable photo upload (tus): raw bytes, at most one part (128 KiB) long.
schemathesis.openapi.media_type(
    "application/offset+octet-stream", st.binary(max_size=128 * 1024)
)
