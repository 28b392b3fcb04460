"""`sorewhy questionnaire`: the interview's questions as a FHIR R4 Questionnaire."""

from __future__ import annotations

import click

from sorewhy.cli.formatting import dumps
from sorewhy.cli.output import open_output


@click.command("questionnaire")
@click.option("-o", "--output", metavar="FILE", help="Write the Questionnaire to FILE (replaced only when complete).")
def questionnaire(output: str | None) -> None:
    """Print the interview's questions as a FHIR R4 Questionnaire (JSON).

    A form in a record system or a survey tool can collect the facts with
    it; `sorewhy evaluate` reads the QuestionnaireResponse back, on its own
    (one person per response) or in a Bundle beside the person's record.
    Each item's linkId is the question's id; each choice is a coding of
    urn:sorewhy:facts:<key> whose code is the facts vocabulary's value.
    With sorewhy[fhir] installed the Questionnaire is validated with the
    R4B models of fhir.resources before it is printed.

    \b
    Examples:
      sorewhy questionnaire --output sorewhy-questionnaire.json
    """
    from sorewhy.engine.fhir import available
    from sorewhy.engine.fhir.questionnaire import questionnaire as build
    from sorewhy.engine.fhir.questionnaire import validated_questionnaire

    data = validated_questionnaire() if available() else build()
    with open_output(output) as stream:
        stream.write(dumps(data) + "\n")
