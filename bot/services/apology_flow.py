"""The staff member's steps to an apology letter, as a conversation the core keeps: the reason
(a button or typed), the new date (a button or typed), the confirmation, the letter; and the
citizens' notice afterwards. The letter itself is bot.services.apology's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from bot.domain.chat import Who
from bot.domain.choices import (
    ApologyButton,
    ApologyDate,
    ApologyNotify,
    ApologyReason,
    ApologyStart,
    ApologyStep,
)
from bot.domain.messages import Document, Reply
from bot.domain.models import StaffMember
from bot.services.apology import ApologyService
from bot.services.conversations import Conversation, Conversations, Kind

REASON, DATE, CONFIRM = "reason", "date", "confirm"  # the steps, as stored


class ApologyFlow:
    """Drives ApologyService's steps from buttons and typed answers, for any channel."""

    def __init__(self, apology: ApologyService, conversations: Conversations) -> None:
        self._apology = apology
        self._conversations = conversations

    async def start(self, member: StaffMember, who: Who, code_text: str) -> Reply:
        """`/xinloi CODE` (or a reminder's button): the reason question, if the letter may be
        made; an apology in progress is dropped either way."""
        reply, code = await self._apology.start(member, code_text, who.lang)
        if code is not None:
            await self._save(who, code=code, step=REASON)
        elif await self._in_progress(who):
            await self._conversations.end(who.channel, who.user_id)
        return reply

    async def cancel(self, who: Who) -> Reply:
        """Stop the letter in progress."""
        await self._conversations.end(who.channel, who.user_id)
        return Reply("apology.cancelled")

    async def press(
        self,
        member: StaffMember,
        who: Who,
        button: ApologyButton,
        conversation: Conversation | None,
    ) -> list[Reply]:
        """A button of the letter's steps (only the current step's buttons count)."""
        if isinstance(button, ApologyStart):
            return [await self.start(member, who, button.code)]
        if isinstance(button, ApologyNotify):
            return [await self._apology.notify_citizens(member, button.code)]
        state = conversation.state if conversation and conversation.kind is Kind.APOLOGY else None
        step = state.get("step") if state else None
        if state is None:
            return [Reply("button.old")]
        if button is ApologyStep.CANCEL:
            return [await self.cancel(who)]
        if isinstance(button, ApologyReason) and step == REASON:
            text = ApologyService.reason_text(button.reason)
            return [await self._reason(member, who, state, text)]
        if isinstance(button, ApologyDate) and step in (DATE, CONFIRM):
            return [await self._date(member, who, state, button.day.isoformat())]
        if button is ApologyStep.CONFIRM and step == CONFIRM:
            return await self._issue(member, who, state)
        return [Reply("button.old")]

    async def typed(
        self, member: StaffMember, who: Who, state: Mapping[str, object], text: str
    ) -> Reply:
        """A typed reason, or a typed date (also to correct it at the confirmation)."""
        if state.get("step") == REASON:
            return await self._reason(member, who, state, text)
        return await self._date(member, who, state, text)

    async def _in_progress(self, who: Who) -> bool:
        current = await self._conversations.get(who.channel, who.user_id)
        return current is not None and current.kind is Kind.APOLOGY

    async def _save(self, who: Who, **state: object) -> None:
        await self._conversations.save(who.channel, who.user_id, Kind.APOLOGY, **state)

    async def _reason(
        self, member: StaffMember, who: Who, state: Mapping[str, object], text: str
    ) -> Reply:
        code = str(state.get("code", ""))
        reply, reason = await self._apology.choose_reason(member, code, text, who.lang)
        if reason is not None:
            await self._save(who, code=code, step=DATE, reason=reason)
        return reply

    async def _date(
        self, member: StaffMember, who: Who, state: Mapping[str, object], text: str
    ) -> Reply:
        code, reason = str(state.get("code", "")), str(state.get("reason", ""))
        reply, new_due = await self._apology.choose_date(member, code, reason, text, who.lang)
        if new_due is not None:
            await self._save(
                who, code=code, step=CONFIRM, reason=reason, new_due=new_due.isoformat()
            )
        return reply

    async def _issue(
        self, member: StaffMember, who: Who, state: Mapping[str, object]
    ) -> list[Reply]:
        """The letter: the PDF (to print) first, then the DOCX (to edit) with the outcome and
        its button last."""
        await self._conversations.end(who.channel, who.user_id)
        try:
            new_due = date.fromisoformat(str(state.get("new_due")))
        except ValueError:
            return [Reply("button.old")]
        issued = await self._apology.issue(
            member, str(state.get("code", "")), str(state.get("reason", "")), new_due, who.lang
        )
        if issued.document is None or issued.document_name is None:
            return [issued.reply]
        replies = []
        if issued.pdf is not None and issued.pdf_name is not None:
            replies.append(Reply("apology.pdf", document=Document(issued.pdf_name, issued.pdf)))
        docx = Document(issued.document_name, issued.document)
        return [*replies, replace(issued.reply, document=docx)]
