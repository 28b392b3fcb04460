"""`sorewhy serve`: the CDS Hooks 2.0 service (optional extra ``[server]``)."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but 127.0.0.1 exposes the service to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option("--issuer", "issuers", multiple=True, metavar="ISS=JWKS",
              help="An allowed JWT issuer and its JWKS (an https URL or a file); repeat for several.")
@click.option("--audience", metavar="URL",
              help="The public base URL clients call, when it is not the address requests arrive at "
                   "(behind a proxy); a JWT's aud must be the endpoint under it.")
@click.option("--feedback-log", default="sorewhy-feedback.jsonl", show_default=True, metavar="FILE",
              help="Where card feedback is appended, one JSON object a line.")
@click.option("--interview-url", metavar="URL",
              help="Where a card's link sends the clinician for what the record lacks "
                   "(default: this service's /questionnaire).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Work out ages at DATE rather than today (for repeatable tests).")
@click.option("--insecure-dev", is_flag=True,
              help="Development only: no authentication; refuses any host but this machine's loopback address.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, issuers: tuple[str, ...], audience: str | None,
          feedback_log: str, interview_url: str | None, as_of: object, insecure_dev: bool) -> None:
    """Serve sorewhy as a CDS Hooks 2.0 service (needs sorewhy[server]).

    GET /cds-services lists the patient-view and order-select services;
    their prefetch templates ask for the patient, the latest results of the
    analytes sorewhy reads, active medicines and conditions, and answers to
    sorewhy's questionnaire. Every call must carry a CDS Hooks JWT from an
    allowed --issuer (its signature checked against that issuer's JWKS, its
    aud the endpoint called), unless --insecure-dev, which binds only to
    this machine. Feedback is appended to --feedback-log.

    \b
    Examples:
      sorewhy serve --issuer https://sandbox.cds-hooks.org=https://sandbox.cds-hooks.org/.well-known/jwks.json
      sorewhy serve --insecure-dev --port 8080
    """
    import datetime as dt
    from pathlib import Path

    from sorewhy.cli.main import EXIT_USAGE

    try:
        import fastapi  # noqa: F401
        import jwt  # noqa: F401
        import uvicorn  # noqa: F401

        from sorewhy.engine.fhir import available
    except ImportError:
        available = None  # type: ignore[assignment]
    if available is None or not available():
        click.echo("sorewhy: serve needs the optional extra: pip install 'sorewhy[server]'", err=True)
        ctx.exit(EXIT_USAGE)
    from sorewhy.engine.fhir.service import LOOPBACK, ServiceConfig
    from sorewhy.engine.fhir.service import serve as run

    allowed: dict[str, str] = {}
    for item in issuers:
        iss, sep, jwks = item.rpartition("=")
        if not sep or not iss or not jwks:
            raise click.BadParameter(f"{item!r}: expected ISS=JWKS", param_hint="--issuer")
        allowed[iss] = jwks
    if insecure_dev and host not in LOOPBACK:
        raise click.BadParameter(f"--insecure-dev serves without authentication and binds only to this machine "
                                 f"({', '.join(LOOPBACK)}), not {host!r}", param_hint="--host")
    if not insecure_dev and not allowed:
        raise click.UsageError("no JWT issuer allowed: give --issuer ISS=JWKS (or --insecure-dev on this machine)")
    config = ServiceConfig(issuers=allowed, insecure_dev=insecure_dev, feedback_log=Path(feedback_log),
                           interview_url=interview_url, audience=audience,
                           as_of=as_of.date() if isinstance(as_of, dt.datetime) else None)
    where = f"http://{host}:{port}/cds-services"
    click.echo(f"sorewhy: CDS Hooks service at {where}" + (" (no authentication: development only)"
                                                            if insecure_dev else ""), err=True)
    run(config, host=host, port=port)
