"""Small general vocabularies the reader uses, in a few languages.

Nothing here names a person, an organization or a case: only words that any
campaign's mail uses (honorifics, post-nominals, label synonyms, sign-offs,
words that mark an organization or a role).
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A frozenset from a blank-separated string (lower-case)."""
    return frozenset(text.lower().split())


def options(text: str) -> frozenset[str]:
    """A frozenset from a ``|``-separated string of phrases (lower-case, trimmed)."""
    return frozenset(" ".join(x.split()).lower() for x in text.split("|") if x.strip())


# Courtesy and clerical forms of address written before a name: never printed.
HONORIFICS = words(
    """dr doctor rev revd reverend mr mrs ms miss mx messrs prof fr father sr sister br brother
    hon honorable honourable rt right very most the his her your
    mons msgr sri shri mother dcn sheikh shaykh sheik hajji haji mme mlle herr frau
    sra srta señor señora padre madre hermano hermana irmão irmã frei revdo reverendo
    père mère soeur sœur frère abbé mgr pater pbro presb hna hno sor fray pr
    الأب الأم الأخ الأخت القس القسيس الأستاذ الأستاذة
    д-р проф г-н г-жа отец о. دکتر دكتر آقای آقا خانم جناب الدكتور الشيخ السيد السيدة
    sir dame lord chief alhaji alhaja hajjah hajjat hajia hajiya ustaz ustaza ustazah ustadz ustadh
    ustadha maulana mawlana moulana bhai bhante ajahn ven venerable geshe sadhvi sadhu
    doña fra suor dott dott.ssa avv lic arq pe pfr ks abp bp pani
    свящ прот отець матушка сестра брат الحاج الحاجة الإمام المطران الشماس"""
)
# Forms of address that are honorifics only after "His", "Her" or "Your" ("His Grace").
STYLED = words("grace eminence excellency holiness beatitude lordship ladyship honour honor")
# Honorifics that also name a role: the title when no other title is given.
ROLE_HONORIFICS = words(
    """pastor bishop archbishop rabbi imam deacon elder cardinal cantor chaplain canon
    archdeacon monsignor professor evangelist apostle mufti abbot abbess
    superintendent presbyter pfarrer pfarrerin pastorin dekan dekanin diakon diakonin
    prälat bischöfin superintendentin rabbinerin
    protopresbyter archimandrite hieromonk hierodeacon archpriest hegumen chorbishop
    protodeacon subdeacon metropolitan patriarch catholicos vicar curate priest prioress
    overseer prophet prophetess khateeb khatib granthi rav rebbe hazzan chazzan
    pastora pastore pasteur pasteure pastoor predikant dominee
    пастор пасторка протоиерей протоієрей иерей ієрей игумен ігумен игумения архимандрит
    иеромонах ієромонах епископ єпископ архиепископ митрополит диакон диякон протодиакон
    священник"""
)
# Post-nominal letters (compared without dots, spaces or case).
POSTNOMINALS = words(
    """phd dphil dmin thd thm jd md esq esquire sj rsm op osb ofm ocd csc cssr fsc ihm
    mdiv dd obe mbe cbe kbe frsa mba msw llm lld edd psyd ma mth sdb cm cp osf ssnd
    scj omi cfc sm lcsw rn dds dmd dsc sth stl std bcl jcl jcd dpt ocso ofmcap snd
    fcj ibvm rscj cnd bvm osu ssj qc kc cpa
    fhea sfhea pfhea mrcp frcp frcs mrcs frcpsych mrcpsych frcog mrcog frcgp mrcgp facp facs
    frse fba frs fsa frhists facss fcipd mcipd fca acca aca cfa cma ceng frcn rgn rmn
    mphil mlitt msc bsc llb bcl bd bth mth ba mba mpa mpp mdiv thm dmin sthd stb pgce
    mbacp ukcp lpc lmft lmsw licsw dnp np pa-c aprn
    ssps svd cssp msc mhm smm ofs scl csj ocist crsp fms cfx oar oad mccj fma pime imc cmf
    csv cjm pss sss osa oss ocarm sds sac mic sjc mria"""
)
# Generational suffixes: part of the printed name.
SUFFIXES = words("jr jr. junior sr sr. senior ii iii iv")
# Lower-case particles inside names ("van der", "bin", "de la").
PARTICLES = words(
    """van der den de del della di da dos das du la le von zu bin ibn binti bint al el
    ben ter ten y e"""
)
# Words that mark an organization.
ORG_WORDS = words(
    """church churches council foundation institute institution university college
    seminary school center centre network society alliance fellowship forum congregation
    parish mosque masjid synagogue temple shul ministry ministries association coalition
    commission committee fund trust circle collective group office department conference
    federation union league assembly mission missions watch project initiative inc inc.
    ltd ltd. llc corporation company caucus roundtable partnership partners diocese
    archdiocese chancery convent abbey monastery community communities order cathedral
    chapel tabernacle gurdwara sangha observatory board bureau campaign movement
    academy academie agency services synod presbytery conventicle house ashram
    hospital clinic hospice charity
    diócesis diocesis arquidiócesis arquidiocesis parroquia curia colegio misión mision
    diocèse diocese université institut fondation mouvement conférence synode
    diözese bistum universität hochschule gemeinschaft
    igreja paróquia paroquia universidade associação associacao conselho rede comunidade
    missão missao organização organizacao instituto fundação
    stichting fundación fundacion fundação iglesia iglesias asociación asociacion
    comunidad consejo conferencia instituto universidad centro ministerio red
    église eglise observatoire association fédération conseil communauté paroisse
    kirche gemeinde verein bund forum kirchliches kirchen rat stiftung
    kerk gemeente vereniging
    церковь совет фонд союз инициатива общество организация объединение центр
    بنیاد بنياد کانون انجمن سازمان مؤسسه موسسه شورای جامعه"""
)
# Endings of compound words that name an organization (German and Dutch compounds).
ORG_ENDINGS = (
    "kirche",
    "gemeinde",
    "verein",
    "verband",
    "stiftung",
    "zentrum",
    "kreis",
    "netzwerk",
    "gemeinschaft",
    "gesellschaft",
    "diakonie",
    "werk",
    "vereniging",
    "stichting",
)
# Words that mark a role or job title.
TITLE_WORDS = words(
    """director directors president vice chair chairman chairwoman chairperson co-chair
    coordinator secretary officer manager fellow researcher analyst counsel attorney
    lawyer pastor rabbi imam bishop archbishop priest minister chaplain deacon elder
    moderator clerk treasurer founder co-founder cofounder lecturer professor instructor
    teacher dean provost chancellor rector vicar curate superintendent leader head
    member trustee associate assistant advisor adviser consultant specialist editor
    writer reporter journalist executive ceo coo cfo representative administrator
    organizer organiser volunteer student scholar chief principal convener convenor
    steward missionary evangelist cantor canon abbot abbess nun monk sheikh mufti
    spokesperson liaison delegate commissioner ambassador intern emeritus emerita
    retired former physician gp surgeon activist campaigner advocate parishioner
    congregant caseworker worker catechist churchwarden sacristan
    staff partner board officer senior junior general program programme policy
    presidente présidente président directeur directrice directora coordinador
    coordinadora coordinatrice secrétaire secretario secretaria referent referentin
    pfarrer pfarrerin vorsitzender vorsitzende leiter leiterin pastora sacerdote
    координатор директор председатель секретарь пастор священник руководитель
    مدیر مدير دبیر رئیس رییس هماهنگ‌کننده کشیش امام
    obispo obispa arzobispo párroco parroco presbítero presbitero canciller director directora
    presidenta profesor profesora investigador investigadora fundador fundadora miembro
    vicario diácono diacono monseñor coordenador coordenadora diretor diretora secretário
    secretária professora pesquisador pesquisadora bispo arcebispo pároco
    évêque evêque prêtre curé aumônier professeur professeure fondateur
    fondatrice chercheur chercheuse responsable direktor direktorin professorin
    gründer gründerin"""
)
# Title words that are never part of a person's name (unlike "Bishop" or "Dean").
JOB_WORDS = words(
    """director president coordinator secretary officer manager professor chair chairman
    chairwoman chairperson pastor rabbi imam researcher analyst counsel attorney lecturer
    founder co-founder treasurer moderator executive ceo representative administrator
    organizer organiser volunteer chaplain minister priest vicar rector superintendent
    consultant specialist editor reporter journalist assistant advisor adviser"""
)
# Label wordings, by field; compared lower-case with punctuation and spaces folded.
LABELS: dict[str, frozenset[str]] = {
    "name": options(
        """name|full name|your name|names|signer|signatory|signer name|printed name|
        name to list|name as it should appear|first and last name|name of signatory|
        name of signer|signatory name|signer's name|name of person|person|nombre|nombre completo|
        nome completo|nome do signatário|
        nom|nom complet|nome|naam|volledige naam|vorname und name|imię i nazwisko|
        имя|фио|имя и фамилия|نام|نام و نام خانوادگی|اسم|الاسم|
        名前|氏名|お名前|姓名|名字|이름|성명"""
    ),
    "title": options(
        """title|job title|position|role|your title|title/position|title / position|
        position/title|cargo|puesto|título|titulo|titre|fonction|poste|qualité|titel|
        funktion|functie|stanowisko|должность|позиция|سمت|عنوان|منصب|مقام|função|funcao|
        صفة|وظيفة|المسمى الوظيفي|
        役職|肩書|肩書き|職名|職位|職務|职务|职位|头衔|직함|직책|직위"""
    ),
    "organization": options(
        """organization|organisation|org|org name|org.|organization name|organisation name|
        organization/church|church/organization|affiliation|institution|name of organization|
        name of organisation|organizational affiliation|affiliated organization|church|
        congregation|company|employer|group|ministry|organización|organizacion|
        organisme|organisation/église|organizzazione|organisatie|organização|entidad|
        institución|afiliación|iglesia|église|organisation / institution|организация|
        organização|organizacao|instituição|entidade|igreja|
        سازمان|نهاد|موسسه|مؤسسه|منظمة|مؤسسة|جهة|هيئة|
        団体|団体名|組織|組織名|所属|所属団体|機関|教会|组织|机构|機構|单位|单位名称|
        단체|단체명|소속|기관|교회"""
    ),
    "capacity": options(
        """signing as|sign as|capacity|signing capacity|signing on as|sign on as|
        sign-on as|signing in capacity|signing in the capacity of|signature type|
        signer en tant que|signé en tant que|signataire en tant que|
        type|as|firmando como|firma como|firmar como|signe en tant que|
        en tant que|signature en tant que|unterzeichnet als|zeichnet als|
        assinatura|assinando como|assina como|tipo de assinatura|
        в качестве|подписывает как|به عنوان|امضا به عنوان|توقيع بصفة|التوقيع بصفة|صفة التوقيع|
        署名区分|署名形態|区分|签署身份|서명 구분"""
    ),
}
# Closing words before a signature block (compared lower-case, punctuation stripped).
SIGN_OFFS = options(
    """best|best regards|regards|kind regards|warm regards|warmest regards|warmly|
    sincerely|yours sincerely|sincerely yours|very truly yours|yours truly|thanks|thank you|
    many thanks|thanks so much|thank you so much|thanks again|thanks very much|cheers|
    blessings|many blessings|god bless|peace|shalom|salaam|salam|with gratitude|
    gratefully|with appreciation|with thanks|respectfully|respectfully yours|cordially|
    in christ|in his service|in his name|yours|yours ever|ever yours|all the best|
    best wishes|with hope|with love|love|prayers|in faith|fraternally|in solidarity|
    with deep gratitude|with best wishes|kindest regards|warm wishes|faithfully|
    yours faithfully|in peace|grace and peace|bien cordialement|cordialement|
    salutations|bien à vous|amitiés|met vriendelijke groet|met vriendelijke groeten|
    mit freundlichen grüßen|viele grüße|herzliche grüße|saludos|un saludo|atentamente|
    cordialmente|bendiciones|gracias|muchas gracias|abrazos|с уважением|спасибо|
    с благодарностью|با تشکر|با احترام|با سپاس|ممنون|سپاس|مع التحية|شكرا|
    thx|tia|ty|rgds|br"""
)
# Lines a mail client or server adds below the sender's words.
FOOTER = re.compile(
    r"^\s*(?:sent from (?:my|the|mail for|yahoo|outlook|samsung|aol)\b|sent via\b|"
    r"sent with\b|get outlook for\b|sent from outlook\b|enviado desde\b|envoyé de mon\b|"
    r"von meinem\b.*gesendet|verzonden (?:vanaf|met)\b|отправлено с\b|"
    r"\[cid:|\[image|<image\d|confidentiality notice|disclaimer|"
    r"this (?:e-?mail|message)(?: message)?(?:,| and| is| may| contains| including)|"
    r"the information (?:contained )?in this|if you are not the intended|"
    r"_{3,}\s*$|-{3,}\s*$|={3,}\s*$|\*{3,}\s*$|to unsubscribe|unsubscribe:|"
    r"you are receiving this|you received this)",
    re.IGNORECASE,
)
# A value that repeats the one above ("(same)", "ditto", "(same church)"), as a pattern piece.
SAME_AS = (
    r"(?:same|ditto|idem|as above|same as (?:\w+ )?above|same as (?:mine|his|hers|him|her|me|"
    r"the first|before)|same (?:church|organi[sz]ation|org|institution|employer|congregation|"
    r"parish|place|one|affiliation|university|school|college|office|title|role|position)|do\.?|〃)"
)
# Words that say a sign-on is for an organization as a whole.
PLURAL_SELF = words("we us our ours ourselves")
SINGULAR_SELF = words("i me my mine myself")
THIRD_PERSON = words("he him his she her hers they them their")
