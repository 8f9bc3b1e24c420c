import type { Theme } from './model.js';

export interface ThemeDef extends Theme {
  rules: RegExp[];
}

export const THEMES: ThemeDef[] = [
  {
    id: 'migration-governance',
    name: {
      en: 'Migration governance, policy and management',
      fr: 'Gouvernance, politiques et gestion des migrations',
      es: 'Gobernanza, políticas y gestión de la migración',
    },
    description: {
      en: 'Migration policy, legislation, management and governance frameworks, at national, regional or global level.',
    },
    rules: [
      /(?<!border )governance/i,
      /migration (policy|policies|management)/i,
      /polic(y|ies) and (management|governance|legislation)/i,
      /\blegislation\b/i,
      /^procedures and policies$/i,
      /all major aspects of migration/i,
    ],
  },
  {
    id: 'migration-data',
    name: {
      en: 'Migration data, statistics and research',
      fr: 'Données, statistiques et recherche sur les migrations',
      es: 'Datos, estadísticas e investigación sobre migración',
    },
    description: {
      en: 'Collection, sharing and use of migration data, statistics, research, knowledge and information systems.',
    },
    rules: [
      /\bdata\b/i,
      /statistic/i,
      /research/i,
      /information[ -](collection|systems|exchange|sharing)/i,
      /information and intelligence sharing/i,
      /migration profiles/i,
      /country of origin information/i,
      /\bknowledge\b/i,
    ],
  },
  {
    id: 'border-management',
    name: { en: 'Border management', fr: 'Gestion des frontières', es: 'Gestión de fronteras' },
    description: {
      en: 'Border management and integrated border management, border governance, document security and fraud.',
    },
    rules: [/border (management|governance)/i, /document (security|fraud)/i, /biometric/i],
  },
  {
    id: 'labour-migration',
    name: { en: 'Labour migration', fr: 'Migration de main-d’œuvre', es: 'Migración laboral' },
    description: {
      en: 'Labour migration and mobility, migrant workers, ethical recruitment, skills and qualification recognition, pre-departure orientation, labour-market analysis.',
    },
    rules: [
      /\blabou?r/i,
      /employment/i,
      /recruitment/i,
      /\bskills?\b/i,
      /qualification/i,
      /pre-departure/i,
      /contractual work/i,
      /\bworkers\b/i,
    ],
  },
  {
    id: 'free-movement',
    name: {
      en: 'Free movement and regional integration',
      fr: 'Libre circulation et intégration régionale',
      es: 'Libre circulación e integración regional',
    },
    description: {
      en: 'Free movement of persons, professional mobility and student exchange; migration and regional integration.',
    },
    rules: [/free movement/i, /regional integration/i],
  },
  {
    id: 'regular-migration',
    name: {
      en: 'Regular migration, visas and regularization',
      fr: 'Migration régulière, visas et régularisation',
      es: 'Migración regular, visados y regularización',
    },
    description: {
      en: 'Legal or regular migration pathways, admission, visas, travel documents, family reunification and regularization.',
    },
    rules: [
      /(?<!ir)regular (migration|pathways)/i,
      /(?<!il)legal (migration|pathways)/i,
      /legal and illegal migration/i,
      /\bvisas?\b/i,
      /regulari[sz]ation/i,
      /travel documentation/i,
      /family reunification/i,
      /^immigration \(/i,
      /facilitating human mobility/i,
    ],
  },
  {
    id: 'migration-development',
    name: { en: 'Migration and development', fr: 'Migration et développement', es: 'Migración y desarrollo' },
    description: {
      en: 'Migration and development, including co-development, development benefits of migration and brain drain.',
    },
    rules: [/(?<!capacity )development/i, /brain drain/i],
  },
  {
    id: 'remittances',
    name: { en: 'Remittances', fr: 'Envois de fonds', es: 'Remesas' },
    description: { en: 'Migrant remittances: cost, speed and safety of transfers, financial inclusion.' },
    rules: [/remittance/i],
  },
  {
    id: 'diaspora',
    name: { en: 'Diasporas', fr: 'Diasporas', es: 'Diásporas' },
    description: { en: 'Engagement of diasporas and communities abroad.' },
    rules: [/diaspora/i],
  },
  {
    id: 'irregular-migration',
    name: {
      en: 'Irregular migration and mixed flows',
      fr: 'Migration irrégulière et flux mixtes',
      es: 'Migración irregular y flujos mixtos',
    },
    description: {
      en: 'Irregular (including "illegal") migration, mixed migration flows, interception, reception and detention of irregular migrants.',
    },
    rules: [/irregular/i, /illegal (migration|immigra)/i, /mixed (migration|flows)/i],
  },
  {
    id: 'trafficking',
    name: { en: 'Trafficking in persons', fr: 'Traite des personnes', es: 'Trata de personas' },
    description: { en: 'Preventing and combating trafficking in persons and protecting victims of trafficking.' },
    rules: [/traffick/i, /\bTHB\b/],
  },
  {
    id: 'smuggling',
    name: { en: 'Smuggling of migrants', fr: 'Trafic illicite de migrants', es: 'Tráfico ilícito de migrantes' },
    description: { en: 'Preventing and countering the smuggling of migrants (people smuggling).' },
    rules: [/smuggl/i],
  },
  {
    id: 'return-reintegration',
    name: {
      en: 'Return, readmission and reintegration',
      fr: 'Retour, réadmission et réintégration',
      es: 'Retorno, readmisión y reintegración',
    },
    description: {
      en: 'Return (including assisted voluntary return), removal, readmission, repatriation and reintegration.',
    },
    rules: [/\breturn/i, /readmission/i, /reintegration/i, /repatria/i, /\bremoval\b/i],
  },
  {
    id: 'asylum-protection',
    name: {
      en: 'Asylum, refugees and international protection',
      fr: 'Asile, réfugiés et protection internationale',
      es: 'Asilo, refugiados y protección internacional',
    },
    description: {
      en: 'Asylum, refugees and international protection, forced migration and internally displaced persons.',
    },
    rules: [
      /asylum/i,
      /refugee/i,
      /\bIDPs?\b/,
      /internally displaced/i,
      /forced (migration|displacement)/i,
      /international protection/i,
      /country of origin information/i,
    ],
  },
  {
    id: 'human-rights',
    name: {
      en: 'Human rights of migrants',
      fr: 'Droits humains des migrants',
      es: 'Derechos humanos de las personas migrantes',
    },
    description: {
      en: 'Human rights and protection of migrants, including migrants in vulnerable situations; non-discrimination, combating racism and xenophobia.',
    },
    rules: [
      /\brights\b(?! of establishment)/i,
      /discrimination/i,
      /xenophobia/i,
      /racism/i,
      /wellbeing|well-being/i,
      /vulnerab/i,
    ],
  },
  {
    id: 'consular-protection',
    name: {
      en: 'Consular protection and assistance',
      fr: 'Protection et assistance consulaires',
      es: 'Protección y asistencia consular',
    },
    description: { en: 'Consular protection of and support to nationals abroad, including migrant workers.' },
    rules: [/consular/i],
  },
  {
    id: 'integration',
    name: { en: 'Migrant integration', fr: 'Intégration des migrants', es: 'Integración de las personas migrantes' },
    description: {
      en: 'Integration and socio-economic inclusion of migrants, settlement, citizenship, host communities.',
    },
    rules: [/(?<!re|regional )integration/i, /insertion/i, /settlement/i, /citizenship/i, /host communit/i],
  },
  {
    id: 'health',
    name: { en: 'Migration and health', fr: 'Migration et santé', es: 'Migración y salud' },
    description: { en: 'Migrant health and migration health, including HIV/AIDS and COVID-19.' },
    rules: [/health/i, /\bHIV\b/i, /covid/i],
  },
  {
    id: 'climate-environment',
    name: {
      en: 'Climate change, environment and disasters',
      fr: 'Changements climatiques, environnement et catastrophes',
      es: 'Cambio climático, medio ambiente y desastres',
    },
    description: { en: 'Migration and climate change, environmental degradation and disasters; green transition.' },
    rules: [/climate/i, /environment/i, /ecological/i, /disaster/i, /green transition/i],
  },
  {
    id: 'crisis-response',
    name: {
      en: 'Emergency preparedness and crisis response',
      fr: 'Préparation aux situations d’urgence et réponse aux crises',
      es: 'Preparación ante emergencias y respuesta a crisis',
    },
    description: { en: 'Emergency preparedness, contingency planning and response to migratory and other crises.' },
    rules: [/emergenc/i, /\bcris[ie]s\b/i, /contingency/i, /preparedness/i],
  },
  {
    id: 'children',
    name: { en: 'Migrant children', fr: 'Enfants migrants', es: 'Niñas, niños y adolescentes migrantes' },
    description: {
      en: 'Protection of migrant children and adolescents, including unaccompanied and separated children.',
    },
    rules: [/child/i, /adolescen/i, /unaccompanied/i],
  },
  {
    id: 'gender',
    name: { en: 'Gender and migration', fr: 'Genre et migration', es: 'Género y migración' },
    description: { en: 'Gender aspects of migration, gender equality and women migrants.' },
    rules: [/gender/i, /\bwomen\b/i],
  },
  {
    id: 'security-crime',
    name: {
      en: 'Migration, security and transnational crime',
      fr: 'Migration, sécurité et criminalité transnationale',
      es: 'Migración, seguridad y delincuencia transnacional',
    },
    description: { en: 'Migration and security, law enforcement, rule of law and transnational organized crime.' },
    rules: [/(?<!document )security/i, /\bcrimes?\b/i, /law enforcement/i, /rule of law/i, /prosecution/i],
  },
  {
    id: 'trade',
    name: { en: 'Migration and trade', fr: 'Migration et commerce', es: 'Migración y comercio' },
    description: { en: 'Migration and trade, including tourism.' },
    rules: [/\btrade\b/i, /tourism/i],
  },
  {
    id: 'capacity-building',
    name: {
      en: 'Capacity building and technical cooperation',
      fr: 'Renforcement des capacités et coopération technique',
      es: 'Fortalecimiento de capacidades y cooperación técnica',
    },
    description: { en: 'Capacity building of government officials and technical cooperation on migration.' },
    rules: [/capacity (building|development)/i, /technical cooperation/i],
  },
  {
    id: 'global-agendas',
    name: {
      en: 'Global agendas (GCM, SDGs, 2030 Agenda)',
      fr: 'Agendas mondiaux (PMM, ODD, Programme 2030)',
      es: 'Agendas mundiales (PMM, ODS, Agenda 2030)',
    },
    description: {
      en: 'Implementation and review of global frameworks: the Global Compact for Safe, Orderly and Regular Migration (GCM), the Sustainable Development Goals and the 2030 Agenda.',
    },
    rules: [/\bGCM\b/, /global compact/i, /\bSDGs?\b/, /sustainable development goals/i, /2030 agenda/i, /post-2015/i],
  },
  {
    id: 'partnerships-cooperation',
    name: {
      en: 'Partnerships and international cooperation',
      fr: 'Partenariats et coopération internationale',
      es: 'Alianzas y cooperación internacional',
    },
    description: {
      en: 'Partnerships, international and regional cooperation, stakeholder and private-sector engagement, exchange of practices.',
    },
    rules: [
      /partnership/i,
      /(?<!technical )cooperation/i,
      /collaboration/i,
      /stakeholder/i,
      /private sector/i,
      /international engagement/i,
      /sharing best practices/i,
    ],
  },
  {
    id: 'migration-trends',
    name: {
      en: 'Migration trends, drivers and human mobility',
      fr: 'Tendances et moteurs des migrations, mobilité humaine',
      es: 'Tendencias e impulsores de la migración, movilidad humana',
    },
    description: {
      en: 'Migration trends and drivers, population movements and demography, human mobility in general.',
    },
    rules: [
      /migration trends/i,
      /drivers of migration/i,
      /population/i,
      /demograph/i,
      /^human mobility$/i,
      /intra-regional migration/i,
    ],
  },
  {
    id: 'other',
    name: { en: 'Other', fr: 'Autre', es: 'Otro' },
    description: { en: 'Wording that matches none of the themes above; the source’s own wording is kept.' },
    rules: [],
  },
];

export function themesFor(wording: string): string[] {
  const hits = THEMES.filter((t) => t.rules.some((r) => r.test(wording))).map((t) => t.id);
  return hits.length > 0 ? hits : ['other'];
}
