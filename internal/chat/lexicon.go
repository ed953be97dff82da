package chat

import "strings"

// commonVocabulary is the everyday vocabulary of résumés in both languages, by field:
// the words a visitor uses in one language for what a résumé says in the other. It is
// meant to be wide and ordinary (what any 이력서 or CV of the field says), never the
// words of one résumé: a group here names a thing any résumé of its kind may hold.
//
// Each group is one meaning; a word in two groups (a Korean word with two senses) finds
// both. Single-syllable Korean words are left out where they are also a common ending
// or a bound noun ("일" is work and a day; "상" is a prize and "above").
func commonVocabulary() [][]string {
	countries, cities := places()
	var out [][]string
	for _, p := range append(countries, cities...) {
		out = append(out, append([]string{"@place"}, p...))
	}
	return append(out, [][]string{
		// Places are in places() below.
		{"domestic", "국내", "내수"},
		{"@kind", "region", "province", "지역", "지방"},
		{"@kind", "capital", "capital area", "metropolitan", "수도권", "광역시", "특별시"},

		// Languages beyond the lexicon's first ones.
		{"@in:languages", "vietnamese", "베트남어"}, {"@in:languages", "thai", "태국어"},
		{"@in:languages", "indonesian", "인도네시아어"}, {"@in:languages", "russian", "러시아어"},
		{"@in:languages", "portuguese", "포르투갈어"}, {"@in:languages", "italian", "이탈리아어"},
		{"@in:languages", "arabic", "아랍어"}, {"@in:languages", "hindi", "힌디어"},
		{"@in:languages", "dutch", "네덜란드어"}, {"@in:languages", "swedish", "스웨덴어"},
		{"@in:languages", "norwegian", "노르웨이어"}, {"@in:languages", "turkish", "터키어"},
		{"@in:languages", "polish", "폴란드어"}, {"@in:languages", "cantonese", "광동어"},
		{"fluent", "fluently", "유창", "능통", "자유로운", "자유롭게"},
		{"business level", "professional working", "비즈니스", "업무 가능"},
		{"conversational", "conversation", "daily conversation", "회화", "일상 회화", "일상회화"},
		{"basic", "beginner", "elementary", "기초", "초급", "기본"},
		{"intermediate", "중급"}, {"advanced", "upper", "고급", "상급"},
		{"mother tongue", "first language", "native language", "모국어"},
		{"interpreter", "interpretation", "translation", "translator", "통역", "번역"},

		// Work: kinds of employment, roles and what people do.
		{"full-time", "full time", "permanent", "정규직", "풀타임"},
		{"startup", "start-up", "스타트업"}, {"agency", "에이전시", "대행사"},
		{"consulting", "consultancy", "consultant", "컨설팅", "컨설턴트", "자문"},
		{"founder", "co-founder", "founded", "창업", "창업자", "공동창업", "설립"},
		{"ceo", "chief executive", "대표", "대표이사"}, {"cto", "chief technology officer", "최고기술책임자"},
		{"director", "head", "이사", "본부장", "실장", "센터장", "소장"},
		{"team lead", "team leader", "head of team", "팀장", "파트장"},
		{"senior", "시니어", "선임", "책임"}, {"junior", "주니어", "신입"},
		{"assistant", "보조", "어시스턴트"}, {"associate", "어소시에이트"},
		{"employee", "staff member", "직원", "사원"}, {"colleague", "coworker", "동료"},
		{"member of staff", "team member", "팀원", "구성원"},
		{"report", "reporting", "report to", "보고", "보고서", "리포트"},
		{"meeting", "회의", "미팅"}, {"negotiation", "negotiate", "협상", "협의"},
		{"contract", "agreement", "deal", "계약", "수주"},
		{"partner", "partnership", "파트너", "협력", "제휴"},
		{"supplier", "vendor", "subcontractor", "협력사", "협력업체", "공급사", "공급업체", "외주"},
		{"purchasing", "procurement", "buyer", "구매", "조달"},
		{"export", "수출"}, {"import", "수입"}, {"trade", "trading", "무역", "통상"},
		{"market", "시장"}, {"market share", "점유율", "시장 점유율"},
		{"advertising", "advertisement", "ads", "광고"}, {"campaign", "캠페인"},
		{"brand", "branding", "브랜드", "브랜딩"}, {"content", "contents", "콘텐츠", "컨텐츠"},
		{"strategy", "strategic", "전략"}, {"plan", "planned", "계획"},
		{"goal", "target", "objective", "목표"}, {"@frame", "achieve", "achieved", "hit", "meet", "met", "달성", "이루"},
		{"revenue", "sales revenue", "turnover", "매출", "매출액"},
		{"profit", "margin", "이익", "수익", "영업이익"}, {"cost", "expense", "costs", "비용", "원가"},
		{"save", "saving", "savings", "절감", "절약", "아끼"},
		{"growth", "grow", "grew", "성장"}, {"expand", "expansion", "확대", "확장"},
		{"launch", "launched", "release", "released", "출시", "런칭", "론칭", "릴리스"},
		{"product", "제품", "상품"}, {"new product", "신제품"}, {"service", "서비스"},
		{"customer", "client", "buyer", "account", "고객", "거래처", "고객사", "광고주"},
		{"new customer", "new client", "new account", "신규 고객", "신규 거래처", "신규"},
		{"renew", "renewal", "retention", "retain", "재계약", "갱신", "유지", "유지율"},
		{"complaint", "claim", "claims", "클레임", "불만", "민원"},
		{"quality", "품질"}, {"quality control", "qc", "qa", "quality assurance", "품질관리", "품질 관리", "품질보증"},
		{"defect", "defects", "failure", "불량", "결함"}, {"defect rate", "failure rate", "불량률"},
		{"production", "produce", "생산"}, {"manufacturing", "manufacture", "제조"},
		{"process", "공정", "프로세스"}, {"factory", "plant", "공장", "사업장"},
		{"production line", "line", "라인"}, {"equipment", "machine", "machinery", "설비", "장비", "기계"},
		{"maintenance", "repair", "정비", "유지보수", "보수", "수리"},
		{"inspection", "inspect", "audit", "검사", "점검", "검수", "감사"},
		{"test", "testing", "tested", "시험", "테스트", "검증"},
		{"safety", "안전"}, {"environment", "environmental", "환경"},
		{"standard", "standardise", "standardize", "표준", "표준화"},
		{"mould", "mold", "moulding", "molding", "금형", "사출"},
		{"logistics", "supply chain", "scm", "물류", "공급망"},
		{"shipping", "ship", "delivery", "deliver", "shipment", "배송", "출고", "발송"},
		{"order", "orders", "주문", "발주"},
		{"budget", "예산"}, {"invest", "investment", "investor", "투자", "투자자"},
		{"fundraise", "funding round", "series a", "투자 유치"},
		{"recruit", "recruiting", "recruitment", "hiring", "hire", "채용"},
		{"human resources", "hr", "인사", "인사팀"}, {"general affairs", "총무"},
		{"tax", "세무", "세금"}, {"legal", "law", "lawyer", "법무", "법률", "변호사"},
		{"mentor", "mentoring", "coach", "coaching", "멘토", "멘토링", "코칭"},
		{"onboarding", "new hire", "온보딩", "신규 입사자"},
		{"train", "trained", "trainer", "교육", "훈련"},
		{"award", "excellence", "우수", "우수상", "최우수상", "표창"},
		{"competition", "contest", "공모", "공모전", "대회", "경진대회"},
		{"winner", "won", "selected", "당선", "입상", "선정"},
		{"exhibition", "exhibit", "전시", "전시회", "졸업전시"},

		// Engineering, science, making things.
		{"architecture", "architectural", "건축"}, {"architect", "건축사", "건축가"},
		{"building", "건물"}, {"construction", "건설", "시공"}, {"civil engineering", "civil", "토목"},
		{"structural", "structure", "구조"}, {"mechanical", "기계공학"}, {"electrical", "전기"},
		{"electronics", "electronic", "전자"}, {"material", "materials", "소재", "재료"},
		{"semiconductor", "chip", "반도체"}, {"battery", "batteries", "배터리", "이차전지", "전지"},
		{"automotive", "car", "vehicle", "자동차", "차량"}, {"shipbuilding", "조선"},
		{"aviation", "aerospace", "aircraft", "항공", "항공우주"},
		{"energy", "에너지"}, {"renewable", "renewables", "신재생", "재생에너지"},
		{"wind", "wind power", "wind turbine", "풍력"}, {"solar", "태양광"},
		{"power", "electricity", "전력"}, {"water", "수자원"}, {"flood", "홍수", "침수"},
		{"drainage", "sewer", "배수", "하수"}, {"survey", "surveys", "측량", "설문", "조사"},
		{"drawing", "drawings", "도면"}, {"permit", "permits", "permitting", "인허가", "허가"},
		{"apartment", "housing", "공동주택", "아파트", "주택"},
		{"public", "공공"},
		{"simulation", "simulate", "시뮬레이션"}, {"analysis", "analyse", "analyze", "해석", "분석"},
		{"experiment", "experiments", "experimental", "실험"}, {"statistics", "statistical", "stats", "통계"},
		{"model", "modelling", "modeling", "모델", "모델링"}, {"forecast", "prediction", "predict", "예측"},
		{"demand", "수요"}, {"optimisation", "optimization", "optimise", "optimize", "최적화"},
		{"automation", "automate", "automated", "자동화"}, {"efficiency", "efficient", "효율"},
		{"patent", "patents", "특허"}, {"sample", "sampling", "시료", "샘플"},
		{"physics", "물리", "물리학"}, {"mathematics", "maths", "math", "수학"},
		{"economics", "경제", "경제학"}, {"business administration", "business", "경영", "경영학"},
		{"psychology", "심리", "심리학"}, {"law school", "법학"}, {"medicine", "medical", "의학", "의료"},
		{"marine", "ocean", "sea", "해양", "바다"}, {"environmental science", "환경공학", "환경과학"},
		{"ecology", "생태", "생태학"}, {"epidemiology", "역학"}, {"pharmacy", "약학", "약사"},

		// Health care.
		{"patient", "patients", "환자"}, {"intensive care", "icu", "중환자실", "중환자"},
		{"ward", "병동"}, {"bed", "beds", "병상"}, {"clinic", "의원", "진료소", "클리닉"},
		{"emergency", "er", "응급", "응급실"}, {"surgery", "operation", "수술"},
		{"infection", "감염"}, {"infection control", "감염관리", "감염 관리"},
		{"vaccine", "vaccination", "immunisation", "immunization", "백신", "예방접종"},
		{"covid", "covid-19", "coronavirus", "pandemic", "코로나", "코로나19"},
		{"screening", "선별", "검진"}, {"dispatch", "deployed", "seconded", "파견"},
		{"medical volunteer", "의료 봉사"},

		// Shifts and hours.
		{"night", "nights", "overnight", "야간", "밤"}, {"shift", "shifts", "rota", "교대", "근무조"},
		{"night shift", "night shifts", "shift work", "야간 근무", "야간근무", "나이트", "교대", "교대 근무", "교대근무"},
		{"overtime", "야근", "초과근무", "잔업"}, {"hours", "working hours", "근무시간", "근무 시간"},
		{"relocate", "relocation", "이주", "전근"},
		{"travel for work", "business trip", "출장"},
		{"weekend work", "weekend shifts", "working weekends", "주말 근무", "주말근무", "주말 출근", "휴일 근무"},
		{"visa", "work visa", "work permit", "residence permit", "permanent residence", "green card", "비자", "취업비자", "취업 비자", "영주권", "체류 자격"},

		// Software and the web.
		{"frontend", "front-end", "front end", "프론트엔드", "프런트엔드"},
		{"backend", "back-end", "back end", "백엔드"}, {"full stack", "full-stack", "풀스택"},
		{"android", "안드로이드"}, {"ios", "iphone", "아이폰"},
		{"@kind", "@in:skills", "code", "coding", "coder", "코드", "코딩"}, {"deploy", "deployment", "배포"},
		{"infrastructure", "infra", "인프라"}, {"monitoring", "monitor", "모니터링"},
		{"incident", "outage", "장애"}, {"on-call", "on call", "온콜"},
		{"api", "apis", "에이피아이"}, {"platform", "플랫폼"}, {"system", "systems", "시스템"},
		{"architecture design", "system design", "아키텍처"},
		{"migration", "migrate", "migrated", "마이그레이션", "이관", "전환"},
		{"performance", "성능"}, {"latency", "response time", "응답 시간", "응답시간"},
		{"traffic", "트래픽"}, {"user", "users", "사용자", "유저", "이용자"},
		{"search", "검색"}, {"recommendation", "recommender", "추천"},
		{"payments", "checkout", "결제"},
		{"@frame", "topic", "theme", "주제"}, {"conversion", "conversion rate", "전환율"},
		{"dashboard", "dashboards", "대시보드"}, {"report automation", "리포트 자동화"},
		{"game", "games", "gaming", "게임"}, {"console", "콘솔"}, {"engine", "엔진"},
		{"unity", "유니티"}, {"unreal", "unreal engine", "언리얼"},

		{"mobile", "모바일"}, {"e-commerce", "ecommerce", "online shopping", "이커머스", "커머스", "전자상거래", "쇼핑몰"},
		{"fintech", "핀테크"}, {"bank", "banking", "은행"}, {"insurance", "보험"},
		{"download", "downloads", "다운로드"},
		{"open source", "open-source", "contributor", "오픈소스", "기여"},
		{"ux", "user experience", "사용자 경험"}, {"ui", "user interface", "인터페이스"},
		{"usability", "usability test", "사용성"}, {"interview", "interviews", "인터뷰", "면접"},
		{"accessibility", "a11y", "접근성"}, {"design system", "디자인 시스템"},
		{"prototype", "prototyping", "프로토타입"}, {"user research", "사용자 조사", "사용자 리서치", "리서치"},
		{"graphic", "graphics", "그래픽"}, {"visual", "visual design", "시각", "비주얼"},
		{"illustration", "일러스트", "일러스트레이션"}, {"video", "영상", "비디오"},
		{"google", "구글"}, {"apple", "애플"}, {"microsoft", "마이크로소프트"}, {"amazon", "아마존"},
		{"samsung", "삼성"}, {"naver", "네이버"}, {"kakao", "카카오"},
		{"sql", "에스큐엘"}, {"html", "css", "마크업"},

		// Education and academia.
		{"professor", "교수"}, {"lecturer", "senior lecturer", "강사", "전임강사"},
		{"postdoc", "postdoctoral", "post-doctoral", "박사후", "박사후연구원", "포닥"},
		{"phd student", "doctoral student", "박사과정", "박사 과정"},
		{"subject", "module", "modules", "과목", "교과목"}, {"class", "classes", "lesson", "수업"},
		{"curriculum", "syllabus", "커리큘럼", "교과과정"}, {"lecture", "lectures", "강의"},
		{"supervise", "supervised", "supervision", "supervisor", "지도", "지도교수"},
		{"editor", "editorial", "editorial board", "편집", "편집위원", "편집장"},
		{"reviewer", "referee", "peer review", "심사", "심사위원", "리뷰어"},
		{"committee", "board", "panel", "위원회", "위원"},
		{"dean", "학장"},
		{"semester", "학기"}, {"leave of absence", "on leave", "휴학"},
		{"capstone", "final project", "졸업작품", "졸업 프로젝트"},
		{"honours", "honors", "cum laude", "distinction", "우등", "수석 졸업"},
		{"academy", "institute", "연구소", "연구원", "아카데미", "학원"},
		{"group", "research group", "lab group", "lab", "research team", "연구팀", "연구그룹", "그룹"},

		// Military service, as 이력서 write it.
		{"military", "exempt", "exemption", "면제", "비대상", "미필", "예비역", "병역필", "병역구분"},
		{"sergeant", "병장"}, {"corporal", "상병"}, {"lieutenant", "중위", "소위"}, {"captain", "대위"},
		{"alternative service", "industrial technical personnel", "산업기능요원", "전문연구요원", "사회복무요원"},

		// Credentials and tests.
		{"pmp", "project management professional"}, {"cpa", "공인회계사"}, {"engineer license", "기사"},
		{"first aid", "cpr", "bls", "응급처치", "심폐소생술"},

		// Time, durations and numbers.
		{"week", "weeks", "주간"}, {"day", "days", "daily", "하루", "일간", "매일"},
		{"hour", "시간"}, {"minute", "minutes", "분간"}, {"annual", "annually", "yearly", "per year", "연간", "매년"},
		{"million", "백만"}, {"billion", "십억"}, {"percent", "percentage", "퍼센트"},
		{"double", "doubled", "두 배", "2배"}, {"half", "halved", "절반"},
	}...)
}

// places are countries and cities, each with its Korean name. They are "@place" groups:
// a place is matched as a whole word, or as the beginning of a place name with its
// administrative unit ("서울특별시", "대전광역시"; see placeUnits), never as the beginning
// of another compound: "부산대학교" is a university, and "부산 날씨" is not asked of it.
// They are also what "which country" and "which city" ask for (narrower).
func places() (countries, cities [][]string) {
	countries = [][]string{
		{"korea", "south korea", "republic of korea", "한국", "대한민국"},
		{"japan", "일본"}, {"china", "중국"}, {"taiwan", "대만"}, {"hong kong", "홍콩"},
		{"vietnam", "viet nam", "베트남"}, {"thailand", "태국"}, {"singapore", "싱가포르", "싱가폴"},
		{"indonesia", "인도네시아"}, {"malaysia", "말레이시아"}, {"philippines", "필리핀"},
		{"india", "인도"}, {"mongolia", "몽골"}, {"laos", "라오스"}, {"cambodia", "캄보디아"},
		{"united states", "usa", "us", "america", "american", "미국"}, {"canada", "캐나다"},
		{"mexico", "멕시코"}, {"brazil", "브라질"}, {"argentina", "아르헨티나"}, {"chile", "칠레"},
		{"united kingdom", "uk", "britain", "england", "scotland", "wales", "british", "영국"},
		{"ireland", "아일랜드"}, {"france", "프랑스"}, {"germany", "독일"}, {"spain", "스페인"},
		{"italy", "이탈리아"}, {"portugal", "포르투갈"}, {"netherlands", "holland", "네덜란드"},
		{"belgium", "벨기에"}, {"switzerland", "스위스"}, {"austria", "오스트리아"},
		{"sweden", "스웨덴"}, {"norway", "노르웨이"}, {"denmark", "덴마크"}, {"finland", "핀란드"},
		{"poland", "폴란드"}, {"czech", "czechia", "체코"}, {"hungary", "헝가리"}, {"greece", "그리스"},
		{"russia", "러시아"}, {"ukraine", "우크라이나"}, {"turkey", "türkiye", "터키", "튀르키예"},
		{"israel", "이스라엘"}, {"lebanon", "레바논"}, {"jordan", "요르단"}, {"egypt", "이집트"},
		{"saudi arabia", "사우디", "사우디아라비아"}, {"uae", "united arab emirates", "dubai", "아랍에미리트", "두바이"},
		{"qatar", "카타르"}, {"iraq", "이라크"}, {"kenya", "케냐"},
		{"nigeria", "나이지리아"}, {"south africa", "남아공", "남아프리카"},
		{"ethiopia", "에티오피아"}, {"australia", "호주", "오스트레일리아"}, {"new zealand", "뉴질랜드"},
		{"europe", "european", "유럽"}, {"asia", "asian", "아시아"}, {"africa", "african", "아프리카"},
		{"middle east", "중동"}, {"southeast asia", "동남아", "동남아시아"}, {"north america", "북미"},
	}
	cities = [][]string{
		{"seoul", "서울"}, {"busan", "pusan", "부산"}, {"incheon", "인천"}, {"daegu", "대구"},
		{"daejeon", "대전"}, {"gwangju", "광주"}, {"ulsan", "울산"}, {"sejong", "세종"},
		{"suwon", "수원"}, {"seongnam", "성남"}, {"pangyo", "판교"}, {"gangnam", "강남"},
		{"jeju", "제주"}, {"changwon", "창원"}, {"pohang", "포항"}, {"cheongju", "청주"},
		{"jeonju", "전주"}, {"gyeonggi", "경기도"}, {"yongin", "용인"}, {"goyang", "고양"},
		{"tokyo", "도쿄", "동경"}, {"osaka", "오사카"}, {"kyoto", "교토"}, {"beijing", "베이징", "북경"},
		{"shanghai", "상하이", "상해"}, {"shenzhen", "심천"}, {"hanoi", "하노이"},
		{"ho chi minh", "saigon", "호치민"}, {"bangkok", "방콕"}, {"jakarta", "자카르타"},
		{"manila", "마닐라"}, {"london", "런던"}, {"paris", "파리"}, {"berlin", "베를린"},
		{"munich", "뮌헨"}, {"frankfurt", "프랑크푸르트"}, {"amsterdam", "암스테르담"},
		{"stockholm", "스톡홀름"}, {"new york", "뉴욕"}, {"san francisco", "샌프란시스코"},
		{"los angeles", "로스앤젤레스"}, {"seattle", "시애틀"}, {"boston", "보스턴"},
		{"chicago", "시카고"}, {"toronto", "토론토"}, {"vancouver", "밴쿠버"}, {"sydney", "시드니"},
		{"melbourne", "멜버른", "멜번"}, {"silicon valley", "실리콘밸리"},
	}
	return countries, cities
}

// placeUnits are the administrative units a Korean place name is written with: the name
// before them is the place ("서울" in "서울특별시", "마포" in "마포구").
var placeUnits = []string{"특별자치시", "특별자치도", "특별시", "광역시", "자치구", "시", "도", "군", "구"}

// placeName is the place a Korean word names with its unit ("대전광역시" is 대전), or "".
func placeName(stem string) string {
	for _, u := range placeUnits {
		if name, ok := strings.CutSuffix(stem, u); ok && len([]rune(name)) >= 2 && knownKorean()[name] {
			return name
		}
	}
	return ""
}
