"""Small word lists the entity heuristics lean on, all lowercase (casefolded) keys.

Kept apart from the logic so they can grow without touching it. They are cues, not
truth: a word in ORG_WORDS makes "organisation" likelier, it does not decide it.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations whose full stop does not end a sentence ("Mr. Haddad", "St. Petersburg").
ABBREVIATIONS = _words(
    "mr mrs ms dr st mt ft gen col lt sgt capt cmdr maj prof rev sen rep gov jr sr vs "
    "messrs mme mlle hon pres corp inc co ltd dept univ"
)

# Words that often open a sentence with a capital but are not names.
COMMON_WORDS = _words(
    """
    a about above according across after afterwards again against ago ahead all almost
    along already also although always amid among amongst an and another any anyone
    anything are around as at back because been before behind being below beside besides
    between beyond both but by can cannot could despite did do does doing done down
    during each earlier either else elsewhere enough especially even ever every everyone
    everything except far few fewer finally first following for former from further
    furthermore had has have having he her here hers herself him himself his how however
    i if in including indeed inside instead into is it its itself just last later latest
    least less let like likely many may meanwhile might more moreover most mostly much
    must my near nearly neither never nevertheless new next no nobody none nor not nothing
    now of off often on once one only or other others otherwise our ours out outside over
    overall own per perhaps please plus rather recently same several she should since so
    some someone something sometimes soon still such than that the their theirs them
    themselves then there thereafter therefore these they this those though through
    throughout thus to today together tomorrow too toward towards under unless unlike
    until up upon us very via was we well were what whatever when whenever where whereas
    whether which while who whoever whole whom whose why will with within without would
    yes yesterday yet you your yours
    asked added agreed announced called confirmed expected said says told warned
    tonight this week month year years weeks months days day morning evening night
    earlier separately elsewhere officially ultimately initially eventually currently
    analysts critics officials police residents ministers supporters witnesses
    researchers scientists experts sources protesters workers voters organisers
    investors doctors teachers farmers fans diplomats observers opponents leaders
    delegates negotiators lawmakers regulators economists authorities troops
    talks negotiations sales prices shares markets figures data results plans
    under-secretary only still yet even both neither meantime
    internet web
    mr mrs ms dr
    """
)
# Numbers that open a sentence before a name ("Three U.S. Marines were hurt").
NUMBER_WORDS = _words(
    """
    two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred hundreds thousand thousands dozen dozens million millions
    """
)

DAYS_MONTHS = _words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)

# Adjectives of nationality and region: capitalised, but not entities on their own.
DEMONYMS = _words(
    """
    african american arab arabic asian australian austrian belgian brazilian british
    canadian chinese czech danish dutch egyptian english european finnish french german
    greek hungarian indian indonesian iranian iraqi irish israeli italian japanese
    jordanian kenyan korean kurdish latin lebanese libyan mexican moroccan nigerian
    norwegian pakistani palestinian persian polish portuguese russian saudi scottish
    serbian somali spanish sudanese swedish swiss syrian tunisian turkish ukrainian welsh
    yemeni western eastern northern southern central christian muslim jewish catholic
    sunni shia islamic nordic balkan arabian soviet islamist maoist communist socialist
    marxist leninist zionist jihadist baathist shi'ite sunnis shiites kurd kurds
    qatari emirati omani bahraini kuwaiti ghanaian senegalese ethiopian ugandan rwandan
    tanzanian algerian mauritanian malian congolese cameroonian ivorian zimbabwean
    zambian angolan mozambican south-african argentine argentinian chilean colombian
    peruvian venezuelan cuban haitian jamaican filipino vietnamese thai malaysian
    singaporean bangladeshi afghan uzbek kazakh georgian armenian azerbaijani belarusian
    lithuanian latvian estonian slovak slovenian croatian bosnian albanian romanian
    bulgarian macedonian montenegrin cypriot maltese icelandic luxembourgish flemish
    walloon catalan basque breton corsican sicilian bavarian tamil punjabi bengali
    shiite buddhist hindu sikh pashtun baluch hutu tutsi serb croat bosniak jew
    """
)

# Nouns that stand before a name as a descriptor ("Spaniard Iker", "substitute Jonas").
DESCRIPTORS = _words(
    """
    spaniard briton frenchman frenchwoman dane swede pole turk scot finn dutchman
    dutchwoman englishman irishman welshman norwegian-born cyclist rider substitute
    veteran teenager newcomer rookie debutant midfielder striker winger defender
    goalkeeper keeper forward skipper sprinter climber boxer golfer swimmer runner
    singer actor actress rapper poet novelist writer author artist composer conductor
    photographer blogger journalist reporter activist campaigner economist analyst critic
    physicist scientist researcher historian lawyer businessman businesswoman tycoon
    billionaire entrepreneur investor banker farmer fisherman doctor nurse surgeon
    mep mps mp lawmaker counterpart colleague rival compatriot republican democrat
    """
)

# Words that qualify a title ("Foreign Minister", "Prime Minister", "Deputy Governor").
TITLE_MODIFIERS = _words(
    """
    prime foreign deputy vice finance interior defence defense health justice culture
    trade transport environment energy agriculture education economy economic home state
    junior acting interim former first chief senior special executive managing general
    attorney supreme grand high lord crown opposition shadow labour labor water
    """
)

# Lowercase nouns next to a name that tell its kind ("the operator MTN", "Statnett,
# the state grid operator", "the blogger Ahmed", "the village of Halba").
ORG_NOUNS = _words(
    """
    company firm group operator start-up startup airline carrier party club side team
    union agency bank lender insurer broadcaster regulator charity organisation
    organization body network newspaper paper magazine journal publisher label brand
    maker manufacturer producer retailer chain supplier developer platform app service
    rival rivals ngo movement militia faction alliance coalition federation league
    association institute university school museum orchestra band outfit conglomerate
    """
)
# Nouns that describe a company when written before its name ("the software giant
# Microsoft", "U.S. automaker Ford"), not after it ("U.S. pharmaceutical giant").
COMPANY_NOUNS = ORG_NOUNS | _words(
    """
    automaker carmaker drugmaker chipmaker steelmaker planemaker giant provider monopoly
    exporter importer refiner miner utility distributor broker contractor daily weekly
    broadcaster website
    """
)
PLACE_NOUNS = _words(
    """
    city town village port capital province region district island country state
    neighbourhood suburb area county valley coast resort camp settlement municipality
    """
)

# Heads of titles before a person's name ("Foreign Minister", "Secretary-General").
TITLE_HEADS = _words(
    """
    president minister premier chancellor mr mrs ms miss dr prof professor sir dame lord
    lady king queen prince princess sheikh emir sultan pope cardinal archbishop bishop
    imam rabbi reverend rev father sister secretary secretary-general envoy ambassador
    senator sen governor gov mayor judge justice chairman chairwoman chair chief director
    spokesman spokeswoman spokesperson coach manager captain commissioner commander
    colonel col general gen admiral sergeant lieutenant inspector detective officer ceo
    founder editor striker midfielder goalkeeper defender forward winger champion
    rapporteur mediator negotiator adviser advisor deputy vice speaker lawmaker mp
    author novelist director-general co-founder superintendent correspondent grandmaster
    coordinator co-ordinator councilor councillor brigadier major ayatollah cleric
    congressman congresswoman specialist defendant representative undersecretary
    """
)

# Words that end (or open) an organisation's name.
ORG_WORDS = _words(
    """
    ministry council agency bank union commission committee party corporation company
    group institute institution university college school academy authority association
    federation league court parliament assembly senate congress organisation organization
    fund foundation service services office department police army navy force forces
    club fc united airlines airways holdings ltd inc plc co bureau board trust society
    network press times post news television tv radio front movement alliance coalition
    secretariat tribunal centre center museum orchestra theatre opera laboratory lab
    laboratories observatory hospital clinic programme program brigade guard ministries
    cooperative co-operative consortium partners capital industries energy motors
    systems technologies pharmaceuticals telecom exchange reserve commission institute
    federation syndicate guild chamber directorate inspectorate council commissariat
    gazette herald tribune journal review monitor observer broadcasting media records
    studios ensemble choir band collective initiative project watch forum securities
    ventures rovers athletic wanderers rangers albion international crescent letters
    corps partners airlines bancorp insurance assurance brewery mining resources logistics
    """
)
# Words before a storm's name, which makes the name an event: "Hurricane Katrina".
STORM_HEADS = _words("hurricane typhoon cyclone storm superstorm")
# Seats of government that news names for the government itself ("the White House
# said", "the Kremlin denied"): organisations, though each is also a building.
SEATS_OF_POWER = frozenset(
    tuple(name.split()) for name in ("white house", "kremlin", "pentagon", "elysee", "blue house")
)
# Legislatures, named so without an article: "Parliament voted", "Congress is to adjourn".
LEGISLATURES = _words("parliament congress senate")

# Venues: a place when alone ("Lighthouse Theatre"), an organisation with "for"/"of".
VENUE_WORDS = _words(
    "theatre theater centre center hall stadium arena ground grounds museum gallery "
    "cathedral mosque church temple palace castle tower house hotel market"
)
ORG_HEADS = _words(
    """
    team ministry bank council university institute department office court commission union
    federation league party board bureau agency academy college school museum centre
    center house church order assembly chamber society fund foundation organisation
    organization committee directorate
    """
)

EVENT_WORDS = _words(
    """
    summit festival talks conference games olympics olympiad cup championship
    championships open marathon expo awards biennale biennial week fair tournament derby
    classic grand prix rally election elections referendum war crisis floods flood
    earthquake protests revolution accords accord treaty agreement ceremony convention
    symposium gala concert tour trial inquiry hearing negotiations dialogue
    series final finals league-cup race regatta jubilee celebrations carnival prize
    award trophy medal show exhibition retrospective
    """
)

PLACE_WORDS = _words(
    """
    city island islands river lake mountain mountains valley bay strait straits sea
    ocean gulf coast province region county district square street road avenue bridge
    airport desert peninsula delta plain plains heights hills canal dam basin stadium
    arena park palace quarter camp crossing border state states republic kingdom emirate
    emirates territory territories oblast governorate prefecture municipality
    archipelago highlands lowlands falls beach harbour harbor port fault glacier field
    oasis reserve forest steppe
    """
)
PLACE_HEADS = _words(
    "port mount lake cape fort saint st san santa sao isle gulf bay gare rue palais "
    "palazzo plaza piazza bab wadi jebel jabal tel ras"
)

# Words before a name that suggest a place ("talks in Port Edris", "flights from Oslo").
PLACE_CUES = _words(
    "in from to near outside inside across around towards toward via into through "
    "throughout within capital city town village province region visit visited"
)
SPEECH_VERBS = _words(
    "said says told added wrote argued insisted warned explained noted stressed "
    "announced confirmed denied replied admitted urged claimed recalled acknowledged"
)

# Lowercase words allowed inside a proper-noun phrase (the Persian "e" of "Mazar-e-Sharif").
PARTICLES = _words(
    "al el ul bin ibn bint abu ben de da di du des del della dos das do van von der den "
    "ter ten la le y zu af au aux sur e"
)
# Lowercase words a capitalised run may hold; any other lowercase word inside a name
# is a given name's syllable ("Ban Ki-moon").
JOINERS = PARTICLES | _words("of for on and the")
# "on" joins only after these ("Commission on Human Rights", "Conference on Disarmament").
ON_HEADS = _words("commission committee conference council convention forum panel court treaty")

# All-caps tokens that are not organisations.
CAPS_STOP = _words(
    "i ii iii iv v vi vii viii ix x ok tv ceo cfo coo gdp am pm ad bc ai id pr hq vip "
    "mp mps dna rna hiv aids covid faq usd eur gbp km kg mph ft"
)

# Given names from many languages: a name after one of these is probably a person.
FIRST_NAMES = _words(
    """
    aaliyah abdul abdullah adam adebayo adel adriana ahmad ahmed aisha alejandro alex
    alexander alexei ali alice alina amal amara amina amir amira ana anastasia andrea
    andrei andrew angela anna anne antoine anton antonio arjun astrid ayesha aziz
    beatriz ben benjamin bilal boris camille carlos carmen catherine charles charlotte
    chen chloe christina claire clara daniel daniela david dmitri diego dina dong
    elena elif elizabeth emeka emily emma erik eva farah faris fatima felix fernando
    francesca francois frank gabriel george giulia grace hamid hana hannah hassan hector
    helen hiroshi hugo ibrahim idris igor ines ingrid irina isabel ivan jack jacob james
    jan javier jean jin joao johan john jonas jorge jose joseph juan julia karim katarina
    kenji khalid kofi laila lars laura layla lea leila lena leo liam lin lucas lucia luis
    luca mahmoud maria mariam marie mark marta martin mateo maya mei michael miguel
    mikhail mohamed mohammed muhammad nadia naledi natalia nikolai nikola noor nour olga
    oliver olivia omar oscar pablo paolo patrick paul pavel pedro peter pierre priya
    rafael rahul rania ravi rosa ruth salma samir samuel sara sarah sebastian sergei
    siobhan sofia sophie stefan tariq thomas tomas tomasz valentina vera viktor vladimir
    wei william yara yasmin youssef yuki yusuf zainab zara zeynep ahmet mehmet svetlana
    natasha yaroslav oleksandr olena bogdan dragan milan milica marko jelena goran
    abdelrahman abena adaeze agnieszka akosua alan alberto aleksandra alexandra amara
    amadou amy andreas ane ariane arturo asma ayodele bartosz beatrice bogdana bruno
    catalina cecilia chinedu chioma christian claudia colm conor cristina damian dana
    declan dimitri dunya edward efua eleni emeka emil enrique erik esra fabiola fatou
    federico femke fiona florian francisco gerald gunnar hakan halima hamza hans hatice
    helene henrik hugo ibrahima ida iker ilse isak jakob jana javid joanna jorgen josef
    kaja karin kasia katrin kemal kenji khadija klaus kwabena kwame lamine lorenzo lukas
    magnus malik mamadou manuel mariana matteo mehdi mia mohammad moussa mustafa
    mykola nadine naveen niamh nicolas nils nikos ngozi ousmane pilar rebeca reza rodrigo
    roman ruslan sadiq salim sanjay seamus sebastien selim sibusiso simone sipho sophia
    sven tarek tendai thabo timur tobias ulla ulrich viktoria wojciech xavier yasmine
    yevgeny yousef yuri zoltan zofia
    """
)

PERSON_NOUNS = (
    TITLE_HEADS
    | DESCRIPTORS
    | _words(
        """
    man woman boy girl son daughter sister brother wife husband mother father widow
    leader head founder boss owner chief official diplomat envoy friend partner
    """
    )
)
