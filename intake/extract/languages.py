"""Cue words in languages other than English: sign-ons, withdrawals, refusals, deferrals, automatic
replies.

People answer a call in their own language. The acts of :mod:`intake.extract.intent`
and the automatic-reply marks of :mod:`intake.extract.automatic` are written for
English, with a few phrases of French, Spanish and German; the learned kind model
weighs those acts alongside the words, but learns a language's words only from the
labelled mail that has it. This module gives each act the common ways to say it in
the languages a multi-faith campaign most often hears from: Spanish, Portuguese,
Italian, French, German, Dutch, Polish, Russian, Ukrainian, Turkish, Indonesian,
Vietnamese, Arabic, Persian, Chinese, Japanese and Korean.

Each entry is the verb or phrase a dictionary gives for the act with the object
that makes it that act ("withdraw" + "signature" or "name"; "cannot" + "sign"),
never a sentence of any one message. A phrase that as often asks for a correction
("remove the university") is left out: only the signature, the signer's name and
the letter or list it comes off make a withdrawal.

The readers try these patterns alternative by alternative, each behind the exact gate
worked out from it (:class:`intake.extract.gates.AnyOf`).
"""

from __future__ import annotations

# Asks to take a signature off the letter: withdraw / retract / remove + signature or name,
# or off the list or letter.
WITHDRAW = (
    # Spanish
    r"\bretir\w*\s+(?:(?:la|las|mi|mis|nuestr[oa]s?|su|sus)\s+)?(?:firmas?|adhesi[oó]n)\b"
    r"|\b(?:retir|quit|elimin|borr|sac)\w*\s+(?:mi|nuestr[oa]s?)\s+(?:firmas?|adhesi[oó]n|nombres?)\b"
    r"|\b(?:retir|quit|elimin|borr|sac)\w*\b[^.?!]{0,60}\bde\s+la\s+(?:lista|carta)\b"
    # Portuguese
    r"|\bretir\w*\s+(?:(?:a|as|minha|nossa)\s+)?(?:assinaturas?|ades[aã]o)\b"
    r"|\b(?:retir|remov|tir|exclu|apag)\w*\s+(?:o\s+|a\s+)?(?:meu|minha|nosso|nossa)\s+"
    r"(?:assinatura|nome|ades[aã]o)\b"
    r"|\b(?:retir|remov|tir|exclu)\w*\b[^.?!]{0,60}\bd[ao]\s+(?:lista|carta)\b"
    # Italian
    r"|\britir\w*\s+(?:(?:la|le)\s+(?:mia|mie|nostra|nostre)?\s*)?(?:firm[ae]|adesione)\b"
    r"|\b(?:ritir|togli|rimuov|cancell|elimin)\w*\s+(?:il\s+mio|la\s+mia|il\s+nostro|la\s+nostra)\s+"
    r"(?:nome|firma|adesione)\b"
    r"|\b(?:ritir|togli|rimuov|cancell)\w*\b[^.?!]{0,60}\bdalla\s+(?:lista|lettera)\b"
    # French
    r"|\bretir\w*\s+(?:(?:la|ma|notre|nos)\s+)?(?:signatures?|adh[ée]sion)\b"
    r"|\b(?:retir|supprim|effac|enlev|ray)\w*\s+(?:mon|ma|notre)\s+(?:nom|signature|adh[ée]sion)\b"
    r"|\b(?:retir|supprim|enlev|ray)\w*\b[^.?!]{0,60}\bde\s+la\s+(?:liste|lettre)\b"
    r"|\bretrait\s+de\s+(?:ma|notre|la)\s+signature\b"
    # German
    r"|\b(?:unterschrift|unterzeichnung|namen?)\b[^.?!]{0,40}\bzurück(?:ziehen|nehmen|gezogen)\b"
    r"|\bzurückziehen\b|\bstreichen\s+sie\s+(?:mich|uns|meinen|unseren)\b"
    r"|\b(?:mich|uns)\b[^.?!]{0,30}\bvon\s+der\s+liste\b"
    r"|\b(?:meinen|unseren)\s+namen\s+\w*\s*(?:entfernen|streichen)\b"
    # Dutch
    r"|\bhandtekening\b[^.?!]{0,30}\bin\s+te\s+trekken\b|\bterugtrekken\b"
    r"|\bverwijder\w*\s+(?:mijn|onze)\s+(?:naam|handtekening)\b"
    # Polish
    r"|\bwycof\w*|\b(?:usu[nń]\w*|skreśl\w*)\s+(?:moje|nasze|mnie|nas|mój|nasz)\b"
    # Russian, Ukrainian
    r"|\bотозва\w*|\bотзыва\w*|\bснят\w*\s+(?:мою|нашу|свою)?\s*подпис\w*|\bснимите\b"
    r"|\bудал\w+\s+(?:моё|мое|наш\w*|мою|меня|нас)\b|\bвычеркн\w*|\bвідклик\w*"
    # Turkish
    r"|\bimza\w*\s+geri\s+çek\w*|\b(?:ismimi|adımı|imzamı|imzamızı)\s+(?:kaldır|çıkar|sil)\w*"
    # Indonesian
    r"|\b(?:mencabut|menarik|cabut|tarik)\b[^.?!]{0,30}\b(?:tanda\s+tangan|nama|dukungan)\b"
    r"|\bhapus\w*\s+nama\b"
    # Vietnamese
    r"|\brút\s+(?:tên|chữ\s+ký|lại)\b|\bxóa\s+tên\b"
    # Arabic, Persian
    r"|سحب\s+(?:توقيع|اسم)|(?:احذف\w*|حذف|إزالة|ازالة)\s+(?:اسمي|اسمنا|توقيعي|توقيعنا)"
    r"|حذف\s*(?:کنید|کنيد|شود|کن)|پس\s*گرفتن"
    # Chinese, Japanese, Korean
    r"|撤(?:回|销|銷|下|掉|除)|(?:删除|刪除|删掉|刪掉|去掉|拿掉)(?:我|我们|我們)的?(?:名字|姓名|签名|簽名|联署|聯署)"
    r"|退出(?:联署|聯署)"
    r"|(?:署名|賛同|名前)\S{0,6}?(?:取り下げ|取下げ|撤回|削除|取り消)"
    r"|(?:서명|이름)\S{0,6}\s?(?:철회|취소|삭제|빼)|철회"
)

# Says the sender (or their organization) will not sign.
DECLINE = (
    r"\bno\s+(?:podemos|puedo|podré|podremos|podría|podríamos|vamos\s+a|voy\s+a)\s+"
    r"(?:firmar|suscribir|adherir)\w*"
    r"|\bno\s+(?:suscrib\w+|firm(?:aré|aremos|amos))\b"
    r"|\bnão\s+(?:posso|podemos|poderei|poderemos|vamos|vou|iremos)\s+(?:assinar|subscrever|aderir)"
    r"|\bnão\s+(?:assinar\w*|subscrev\w+)\b"
    r"|\bnon\s+(?:posso|possiamo|potrò|potremo|possono|può)\s+(?:firmare|aderire|sottoscrivere)"
    r"|\bnon\s+(?:firmer\w+|aderir\w+|sottoscriver\w+)\b"
    r"|\bne\s+(?:pouvons|peux|pourrons|pourrai|peut|souhaitons|souhaite)\s+pas\s+"
    r"(?:signer|adh[ée]rer|nous\s+associer)"
    r"|\bne\s+(?:signerons|signerai|signons|signe)\s+pas\b"
    r"|\bnicht\s+(?:\w+\s+){0,3}(?:unterschreiben|unterzeichnen|beitreten)\b"
    r"|\b(?:unterschreiben|unterzeichnen)\s+(?:wir|ich)\s+nicht\b"
    r"|\bniet\s+(?:\w+\s+){0,2}(?:ondertekenen|tekenen)\b"
    r"|\bnie\s+(?:możemy|mogę|będziemy|będę)\s+(?:\w+\s+){0,2}podpis\w*|\bnie\s+podpisz\w*"
    r"|\bне\s+(?:смогу|сможем|можем|могу|будем|буду|станем|стану)\b[^.?!]{0,30}\bподпис\w*"
    r"|\bподпис\w+\s+не\s+(?:смогу|сможем|можем|могу|будем|буду)\b|\bне\s+подпиш\w*"
    r"|\bне\s+(?:можу|зможу|зможемо|можемо)\s+підпис\w*"
    r"|\bimzala(?:yama|mayaca)\w*"
    r"|\b(?:tidak|belum)\s+(?:bisa|dapat|akan)\s+(?:ikut\s+)?menandatangani\b"
    r"|\bkhông\s+(?:thể\s+)?(?:ký|tham\s+gia)\b"
    r"|(?:لا|لن)\s+(?:نستطيع|أستطيع|يمكننا|يمكنني|نوقع|أوقع)"
    r"|(?:不能|无法|無法|不便|不会|不會|不打算)\S{0,4}?(?:签|簽|联署|聯署)"
    r"|署名\S{0,4}?(?:できません|いたしかねます|見送)|見送(?:り|らせ)"
    r"|서명\S{0,3}\s?(?:어렵|할\s+수\s+없|하지\s+않)"
)

# Holds signing back: a decision, a reply or a word still to come. Each says it in a
# future or a "then": "after the meeting" alone may tell what already happened.
DEFERRED = (
    r"\b(?:le|les|te)\s+(?:escribir[aáeé]\w*|avisar[eé]\w*|confirmar[eé]\w*|responder[aáeé]\w*)\b"
    r"|\b(?:decidir[eé]\w*|consultar[eé]\w*)\b|\bvamos\s+a\s+(?:decidir|consultar|evaluar)\b"
    r"|\bsi\s+(?:decide|decidimos|deciden|decido)\s+firmar\b"
    r"|\b(?:vai|vamos|vou|irá|iremos)\s+(?:escrever|decidir|avaliar|analisar|consultar|responder)\b"
    r"|\b(?:escreverá|escreveremos|avisaremos|confirmaremos|responderemos|decidiremos)\b"
    r"|\bpara\s+(?:análise|avaliação|aprovação)\b"
    r"|\b(?:vi|le|ti)\s+(?:faremo|farò|farà)\s+sapere\b"
    r"|\b(?:decideremo|decider[àò]|valuteremo|vi\s+scriveremo|vi\s+risponderemo)\b"
    r"|\bnous\s+vous\s+(?:tiendrons|recontacterons|confirmerons|répondrons|écrirons)\b"
    r"|\b(?:déciderons|décidera|reviendrons\s+vers\s+vous)\b"
    r"|\b(?:melden|werden)\s+(?:uns|mich)\b[^.?!]{0,40}\b(?:melden|entscheiden|zurück)\b"
    r"|\bwerden\b[^.?!]{0,40}\bentscheiden\b"
    r"|\b(?:сообщим|решим|ответим|напишем)\b"
    r"|\bakan\s+(?:menulis|mengabari|menghubungi|memberi\s+kabar|memutuskan)\b"
    r"|(?:うえ|上|後|のち)(?:で|に)?、?\S{0,12}?(?:ご連絡|お知らせ|ご返事|ご返信|返信)"
    r"|(?:検討|相談)(?:して|の(?:上|うえ)|中)"
    r"|(?:之后|之後|以后|以後|后|後)再(?:答复|答覆|回复|回覆|告诉|告訴|联系|聯繫|决定|決定|通知|发|發)"
    r"|다시\s+연락|(?:후|후에)\s+(?:다시\s+)?(?:연락|알려)"
)

# Asks to sign now: sign, add, include + my name or our signature.
REQUEST = (
    r"\b(?:agreg|añad|inclu|sum|anot|pon)\w*\s+(?:mi|nuestr[oa]s?)\s+(?:nombres?|firmas?|adhesi[oó]n)\b"
    r"|\bcuenten\s+con\s+(?:mi|nuestr[oa])\s+(?:firma|adhesi[oó]n|apoyo)\b|\b(?:me|nos)\s+sumamos\b"
    r"|\b(?:inclu|acrescent|adicion|coloc)\w*\s+(?:o\s+|a\s+)?(?:meu|minha|nosso|nossa)\s+"
    r"(?:nome|assinatura|ades[aã]o)\b"
    r"|\b(?:assino|assinamos|subscrevo|subscrevemos)\b|\bcontem\s+(?:comigo|conosco|connosco)\b"
    r"|\b(?:aggiung|inser|includ|mett)\w*\s+(?:il\s+mio|la\s+mia|il\s+nostro|la\s+nostra)\s+"
    r"(?:nome|firma|adesione)\b"
    r"|\b(?:firmo|firmiamo|aderisco|aderiamo|sottoscrivo|sottoscriviamo)\b"
    r"|\b(?:ajout|inclu|inscri|ment|mett)\w*\s+(?:mon|ma|notre|nos)\s+(?:nom|signature|adh[ée]sion)\b"
    r"|\b(?:j['’]adh[eè]re|nous\s+adh[ée]rons|je\s+souscris|nous\s+souscrivons)\b"
    r"|\bcomptez\s+sur\s+(?:moi|nous)\b"
    r"|\b(?:ich|wir)\s+(?:unterschreibe|unterzeichne|unterschreiben|unterzeichnen)\b"
    r"|\b(?:unterschreibe|unterzeichne)\s+ich\b|\b(?:unterschreiben|unterzeichnen)\s+wir\b"
    r"|\b(?:ich\s+bin|wir\s+sind)\s+dabei\b"
    r"|\b(?:ik|wij|we)\s+(?:onderteken|teken)\w*\b|\b(?:voeg|zet)\s+(?:mijn|onze)\s+"
    r"(?:naam|handtekening)\b"
    r"|\bpodpisuj(?:ę|emy)\b|\bdopisz\w*\s+(?:mnie|nas)\b|\bdodaj\w*\s+(?:moje|nasze|mnie|nas)\b"
    r"|\bподписываю(?:сь)?\b|\bприсоединя(?:юсь|емся)\b|\bвключите\s+(?:меня|нас)\b"
    r"|\bпідписую\w*|\bдодайте\s+(?:мене|нас)\b"
    r"|\b(?:imzalıyorum|imzalıyoruz)\b|\b(?:ismimi|adımı|imzamı|imzamızı)\s+ekle\w*"
    r"|\b(?:kami|saya)\s+(?:ikut\s+)?menandatangani\b|\btambahkan\s+nama\b"
    r"|\bthêm\s+tên\b|\bxin\s+(?:được\s+)?ký\b"
    r"|(?:أضيفوا|أضف|أضيفي)\s+(?:اسمي|اسمنا|توقيعي|توقيعنا)|(?:أوقع|نوقع)\s+على"
    r"|簽署|聯署|加上我(?:们|們)?的?名字|算我(?:们|們)?一(?:个|個)"
    r"|동참(?:합니다|하겠습니다)|이름을\s*(?:추가|넣어)"
)

# Subjects of automatic replies.
AUTO_SUBJECT = (
    r"resposta\s+autom[aá]tica|risposta\s+automatica|automatisch\s+antwoord|"
    r"odpowied[zź]\s+automatyczna|автоответ|автоматический\s+ответ|otomatik\s+yan[ıi]t|"
    r"balasan\s+otomatis|trả\s+lời\s+tự\s+động|رد\s+(?:آلي|تلقائي)|پاسخ\s+خودکار|"
    r"自动回复|自動回覆|自動回復|自動返信|自動応答|不在通知|자동\s?응답|부재중?"
)
# Sentences by which an automatic reply says what it is.
AUTO_TEXT = (
    r"mensagem\s+autom[aá]tica|mensaje\s+autom[aá]tico|messaggio\s+automatico|"
    r"message\s+automatique|automatisch\s+gegenereerd|automatisch\s+erzeugt|"
    r"wiadomość\s+automatyczna|автоматическ\w+\s+(?:ответ|сообщени)|"
    r"自动回复|自動回覆|自動返信|自動応答|자동\s?응답"
)
# An out-of-office note's words: away, on holiday, back on a date.
AWAY = (
    r"\bestou\s+(?:em\s+(?:período\s+de\s+)?férias|de\s+licença|viajando)\b|\bem\s+férias\s+até\b"
    r"|\bestoy\s+(?:de\s+viaje|de\s+licencia|ausente)\b"
    r"|\bsono\s+(?:assente|in\s+viaggio)\b|\bafwezig\b|\bmet\s+vakantie\b"
    r"|\bjestem\s+(?:na\s+urlopie|poza\s+biurem)\b|\bв\s+отпуске\b|\bв\s+командировке\b"
    r"|\bizinde(?:yim|yiz)\b|\bsedang\s+cuti\b|\bdi\s+luar\s+kantor\b"
    r"|休假|出差|不在にして|出張|휴가|부재"
)
