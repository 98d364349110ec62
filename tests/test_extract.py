"""Extraction: letter snippet → company, role, recruiter, in seven languages; None whenever the
letter does not say it clearly (a wrong value would end up in the reply draft)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from onfile.extract import Facts, extract
from onfile.message import Message, parse_message

DEMO = Path(__file__).parent.parent / "daemon" / "onfile" / "demo_letters"
ATS = "Quillbrook Recruiting <no-reply@us.greenhouse-mail.io>"
PERSON = "Nora Vance <nora.vance@quillbrook.io>"
BOARD = "LinkedIn <jobs-noreply@linkedin.com>"


def letter(body: str, subject: str = "Update", sender: str = ATS, html: bool = False) -> Message:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "Alex Doe <alex@example.org>", subject
    mail.set_content(body, subtype="html" if html else "plain")
    return parse_message(mail.as_bytes())


def facts(body: str, subject: str = "Update", sender: str = ATS) -> Facts:
    return extract(letter(body, subject, sender), ("alex@example.org",))


def table(text: str) -> list[list[str | None]]:
    """Rows of ` | `-separated cells; `None` is None, `\\n` a line break, `ATS`/`PERSON`/`BOARD`
    the senders above."""
    senders = {"ATS": ATS, "PERSON": PERSON, "BOARD": BOARD}
    return [
        [None if c == "None" else senders.get(c, c.replace("\\n", "\n")) for c in line.split(" | ")]
        for line in text.strip().splitlines()
    ]


@pytest.mark.parametrize(
    ("name", "company", "role", "recruiter"),
    table("""
r01-polite-after-interview | Acme Analytics | Senior Data Analyst | Priya
r02-ats-noreply | Northwind Labs | Backend Engineer | None
r03-subtle-other-candidates | Bluefjord Systems | Product Designer | Tomás
r04-position-filled | Harbor & Pine Logistics | Operations Coordinator | Marta
r05-curt | Quillstone | None | None
r06-after-assessment | Lumen Circuit | Frontend Engineer | Dana
r07-internship | Cobalt Bay Energy | None | None
r08-de-absage | Tannenwerk Software GmbH | Softwareentwickler | Jürgen
r09-fr-refus | Lévrier Conseil | Chargé(e) de projet marketing | Camille
r10-es-rechazo | Solcanto Tecnologías | Analista de Datos | Lucía
o02-interview-invitation | Vantage Orchard | Platform Engineer | Sofia
o05-paper-rejection | None | None | None
o06-rental-declined | Brightlet Lettings | None | Oliver
"""),
)
def test_demo_letters(
    name: str, company: str | None, role: str | None, recruiter: str | None
) -> None:
    """Each demo letter yields the company, role and signer its README describes."""
    got = extract(parse_message((DEMO / f"{name}.eml").read_bytes()), ("alex@example.org",))
    assert (got.company, got.role, got.recruiter) == (company, role, recruiter)


@pytest.mark.parametrize(
    ("sender", "subject", "body", "company"),
    table("""
BOARD | Your application to Data Engineer at Fernhill Payments | We will not move forward. | Fernhill Payments
Indeed <no-reply@indeed.com> | An update on your application to Tidewater Mobility, Inc. | No. | Tidewater Mobility, Inc.
ZipRecruiter <phil@ziprecruiter.com> | Update | Unfortunately, Copperleaf Studios has decided not to move forward. | Copperleaf Studios
BOARD | Your application | Thanks for applying.\\n\\nRegards,\\nLinkedIn | None
ATS | Update | Thank you. | Quillbrook
Brightwave Talent Acquisition <jobs@brightwave.io> | Update | No. | Brightwave
Manju - Orbitrix <manju@orbitrix.io> | Hello | Hi. | Orbitrix
"Jelli, Inc." <jobs@jelli.io> | Your application to Jelli | Thanks for your interest in joining the Jelli team. | Jelli
"Kestrel Works, Inc." <jobs@kestrel.io> | Update | Thank you for applying to Kestrel Works, Inc.. | Kestrel Works, Inc.
PFG Human Resources <hr@pfg.io> | Update | Your application for the Designer position at Pinefield Farming Group was reviewed. | Pinefield Farming Group
PERSON | Update | Thank you for your interest in the Analyst role at Quillbrook Health in Leeds. | Quillbrook Health
PERSON | Update | Thank you for your time. | Quillbrook
Careers <careers@boozallen.com> | Update | Thanks for applying to Booz Allen. We chose others. | Booz Allen
Nora Vance <nora@example.com> | Update | Thank you for your time. | None
Nora Vance <nora@quillbrook.example> | Update | Thank you for your time. | None
Nora Vance <nora.vance@gmail.com> | Update | Thank you for your time. | None
Nora <nora@hire.lever.co> | Update | Thank you for your time. | None
ATS | Update | Thank you for your interest in changing the world with us. | Quillbrook
PERSON | Absage | Vielen Dank für Ihre Bewerbung bei der Lindgrün Systeme AG. | Lindgrün Systeme AG
PERSON | Candidature | Merci de l'intérêt que vous portez à Maison Vallet et à notre équipe. | Maison Vallet
Nora Vance <nora@bruma.es> | Candidatura | Gracias por tu interés en Bruma Digital y tu tiempo. | Bruma Digital
PERSON | Candidatura | El puesto de Analista en Madrid ya está cubierto. | Quillbrook
PERSON | Sollicitatie | Bedankt voor je sollicitatie als Data Analist bij Veldkamp B.V. en je tijd. | Veldkamp B.V.
PERSON | Candidatura | Grazie per la candidatura alla posizione di Sviluppatore presso Rovere S.p.A. | Rovere S.p.A.
Nora Vance <nora@lumiar.pt> | Candidatura | Obrigado pelo interesse na Lumiar Tech e pelo seu tempo. | Lumiar Tech
Marta de Kivra <marta@kivra.io> | Hola | Gracias. | Kivra
Hays Talent <jobs@hays.io> | Your application for Data Engineer at Fernhill | Thanks. | Fernhill
PERSON | Update | Unfortunately Monday is not possible for a call. | Quillbrook
PERSON | Update | Thank you for your interest in the Sales Associate role. | Quillbrook
careers@quillbrook.io | Absage | Danke.\\n\\nMit freundlichen Grüßen\\nIhr Recruiting-Team der Kranich Logistik GmbH | Kranich Logistik GmbH
hr@quillbrook.io | Esito | Grazie.\\n\\nCordiali saluti\\nUfficio Personale\\nDipartimento di Fisica | Quillbrook
Recruiting <jobs@mail.example> | Update | No.\\n\\nBest,\\nTalent Partner, Harbourline Analytics | Harbourline Analytics
Sophie de Wit <sophie.dewit@mail.example> | Sollicitatie | Bedankt. | None
Joost van der Meer <joost.vandermeer@mail.example> | Sollicitatie | Bedankt. | None
Felix Wagner <felix.wagner@tessaro.example> | Absage | Danke.\\n\\nViele Grüße\\nFelix Wagner\\nHead of Product · Platform\\nTessaro Software GmbH | Tessaro Software GmbH
Tom Reyes <tom@talentbridge.example> | Update | I've had feedback from our client, Kestrel Foods, on the Analyst role.\\n\\nBest,\\nTom Reyes\\nSenior Consultant, TalentBridge Partners | Kestrel Foods
PERSON | Rückmeldung | Heute habe ich die Rückmeldung meines Kunden, der Eisenhart Maschinenbau GmbH, erhalten. | Eisenhart Maschinenbau GmbH
PERSON | Candidature | Notre client Maison Vallet a retenu un autre profil. | Maison Vallet
Recruiting <jobs@mail.example> | Update | No.\\n\\nBest,\\nMaya Lindqvist\\nSenior Consultant · Finance & Accounting | None
"""),
)
def test_company(sender: str, subject: str, body: str, company: str | None) -> None:
    """The employer comes from display name, subject, body or domain; never a job board or example domain."""
    assert facts(body, subject, sender).company == company


@pytest.mark.parametrize(
    ("subject", "body", "role"),
    table("""
Your application to Data Engineer at Fernhill | Thanks. | Data Engineer
Your application for Site Reliability Engineer | Thanks. | Site Reliability Engineer
Your application: 0142371 QA Engineer (Remote) | Thanks. | QA Engineer (Remote)
Update | We reviewed your application for the Java Developer, Junior role. Sadly no. | Java Developer, Junior
Update | Thank you for your interest in changing the world with us. We appreciate the effort. | None
Update | You were not selected for the following position:\\n\\nBuild Engineer II, 65480BR. | Build Engineer II
Update | You applied for the following role. We decided against it. | None
Update | We decided not to proceed with your candidacy for the current opening. | None
Update | Thank you for applying for the position of Buyer - Retail (Spring 2027). | Buyer - Retail (Spring 2027)
Quillbrook - Payroll Specialist, R-1681 | Thanks. | Payroll Specialist
Your application to Quillbrook | Thank you. | None
Update | Position: Support Engineer\\nJob Number: JR1234 | Support Engineer
Absage: Ihre Bewerbung als Projektleiter (m/w/d) | Danke. | Projektleiter
Ihre Bewerbung | danke für Ihre Bewerbung auf die Stelle als Data Scientist bei uns. | Data Scientist
Votre candidature | Merci pour votre candidature au poste de Développeur Python chez nous. | Développeur Python
Candidatura | Gracias por tu interés en el puesto de Ingeniera de Datos en Bruma. | Ingeniera de Datos
Sollicitatie | Bedankt voor je sollicitatie als Data Analist bij Veldkamp. | Data Analist
Candidatura | Grazie per la candidatura alla posizione di Sviluppatore Backend presso Rovere. | Sviluppatore Backend
Candidatura | Agradecemos a sua candidatura para a vaga de Desenvolvedor Frontend na Lumiar. | Desenvolvedor Frontend
Your application – Flat 3, 14 Linden Court | Thanks. | None
Update | Thank you for your application. Unfortunately we will not proceed. | None
Ihre Bewerbung als Filialleiter in Kassel – Rückmeldung | Danke. | Filialleiter
Bewerbung als Referent Vertrieb, Kennziffer RF-12/26 | Danke. | Referent Vertrieb
Candidatura | El puesto de Jefe de Almacén ya ha sido cubierto. | Jefe de Almacén
Re: Bewerbung Verkaufsberater/in Vinothek | Danke. | Verkaufsberater/in Vinothek
Candidatura – Designer Gráfico Júnior (Ref. 12/26) | Obrigado. | Designer Gráfico Júnior
Esito colloquio – Responsabile Controllo Qualità | Grazie. | Responsabile Controllo Qualità
Suivi – Développeur(se) back-end Python / Follow-up | Merci. | Développeur(se) back-end Python
Sollicitatie – Flat 3 | Bedankt. | None
Feedback – Acme Analytics | Thanks. | None
Uw sollicitatie naar de functie Data Engineer | Bedankt. | Data Engineer
La tua candidatura per Senior Backend Engineer (Go) presso Pluma | Grazie. | Senior Backend Engineer
Je sollicitatie bij Vanderlinde Groep – Supply Chain Analyst | Bedankt. | Supply Chain Analyst
Vacature 26-0873 Medewerker Klantenservice | Bedankt. | Medewerker Klantenservice
Absage: Technischer Zeichner (m/w/d) | Danke. | Technischer Zeichner
Lead Data Scientist - thank you | Thanks. | Lead Data Scientist
Update: Marketing Operations Manager position | Thanks. | Marketing Operations Manager
Bate-papo sobre a vaga de Product Manager | Obrigado. | Product Manager
Vacature Marketing Manager vervalt | Bedankt. | None
Ihre Bewerbung: Praktikum | Danke. | None
Update | Gracias por tu candidatura a la posición de Técnico/a de Compras en Zaragoza. | Técnico/a de Compras
Update | Bedankt voor het gesprek over de functie van Senior Accountant op ons kantoor. | Senior Accountant
Update | Bedankt voor je sollicitatie op de functie Data Engineer (R-20931) en je tijd. | Data Engineer
Aggiornamento | Ti aggiorno sulla selezione per Responsabile di Magazzino presso di noi. | Responsabile di Magazzino
Your case study for the Growth Analyst role | Thanks. | Growth Analyst
Update | Status updated.\\n\\nStelle\\n\\nIT-Systemadministrator (m/w/d)\\n\\nID\\n\\n2026-3381 | IT-Systemadministrator
Update | Gracias por postularte a la vacante Analista de Nómina (Ref. 10342) en Nexum. | Analista de Nómina
"""),
)
def test_role(subject: str, body: str, role: str | None) -> None:
    """The role comes from a clear phrase; fragments, requisition numbers and gender tags never."""
    assert facts(body, subject).role == role


@pytest.mark.parametrize(
    ("sender", "signature", "recruiter"),
    table("""
ATS | Best regards,\\nMaya Lindqvist\\nTalent Partner | Maya
ATS | Thanks, Omar | None
quillbrook.jobs@quillbrook.io | Thanks,\\nOmar\\nTalent Partner | Omar
ATS | Best,\\nMaya\\nMaya Okafor | Maya
ATS | Sincerely,\\nThe Quillbrook Talent Team | None
ATS | Best of luck in your search.\\n\\nSincerely,\\nQBH Human Resources | None
ATS | Regards,\\n\\nQuillbrook | None
BOARD | Regards,\\n\\nFernhill Payments | None
ATS | Kind regards,\\nRoberta, Lisa and Tom | None
ATS | Best,\\nAlex | None
ATS | — Quillbrook Hiring | None
ATS | Mit freundlichen Grüßen\\n\\ni. A. Jürgen Weiß\\nPersonalabteilung | Jürgen
ATS | Cordialement,\\nMarie-Claire Dubois\\nRecrutement | Marie-Claire
ATS | Un cordial saludo,\\nLucía Fernández | Lucía
ATS | Met vriendelijke groet,\\nSanne de Vries | Sanne
ATS | Cordiali saluti,\\nGiulia Rossi\\nRisorse Umane | Giulia
ATS | Atenciosamente,\\nJoão Silva | João
Manju - Orbitrix <manju@orbitrix.io> | Thanks | Manju
Sally from Remote <sally@remote.io> | Bye | Sally
"Pawan K." <pawan.k@ampcus.io> | Bye | Pawan
Anchala J <jobs@tcs.io> | Bye | Anchala
PERSON | Bye | Nora
Quillbrook Careers <careers@quillbrook.io> | Bye | None
General Motors <gm@myworkday.com> | Bye | None
Nora Vance <no-reply@quillbrook.io> | Bye | None
ATS | Mit freundlichen Grüßen\\nIm Auftrag\\nJürgen Paulsen\\nPersonalamt | Jürgen
ATS | Viele Grüße\\nCarla vom Quillbrook Talent Team | Carla
ATS | Regards,\\nTrattoria da Nella | None
"""),
)
def test_recruiter(sender: str, signature: str, recruiter: str | None) -> None:
    """A first name comes only from a person signing or sending; never a team, company or sign-off."""
    assert facts(f"We will not proceed.\n\n{signature}\n", "Update", sender).recruiter == recruiter


def test_html_letter() -> None:
    """An HTML-only letter is read like plain text."""
    html = "<p>Thank you for your interest in the <b>Data Engineer</b> role at Fernhill.</p><p>Best,<br>Maya Lindqvist</p>"
    got = extract(letter(html, sender=PERSON, html=True))
    assert (got.company, got.role, got.recruiter) == ("Fernhill", "Data Engineer", "Maya")
