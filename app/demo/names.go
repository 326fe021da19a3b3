package demo

// Word lists for realistic client names, cities and contacts. Spanish-speaking
// countries get Spanish names; the US and the UK English ones.

var spanishSurnames = []string{
	"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
	"Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
	"Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina",
	"Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez",
	"Iglesias", "Medina", "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto",
	"Méndez", "Cruz", "Calvo", "Gallego", "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores",
	"Cabrera", "Campos", "Vega", "Fuentes", "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar",
	"Pascual", "Santana", "Herrero", "Montero", "Lorenzo", "Hidalgo", "Giménez", "Ibáñez", "Ferrer", "Durán",
	"Santiago", "Benítez", "Mora", "Vicente", "Vargas", "Arias", "Carmona", "Crespo", "Román", "Pastor",
	"Soto", "Sáez", "Velasco", "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo", "Rojas",
}

var spanishPatterns = []string{
	"Construcciones %s S.L.", "Talleres %s", "Distribuciones %s S.A.", "Hermanos %s S.L.", "Ferretería %s",
	"Clínica Dental %s", "Transportes %s e Hijos", "Panadería %s", "Asesoría %s y Asociados", "Reformas %s",
	"Grupo %s", "Autoservicio %s", "Farmacia %s", "Gestoría %s", "Electricidad %s S.L.", "Carpintería %s",
	"Inmobiliaria %s", "Bodegas %s", "Restaurante Casa %s", "Óptica %s", "Imprenta %s", "Frutas %s S.L.",
}

var spanishStandalone = []string{
	"Hostal La Giralda", "Café del Puerto", "Librería El Quijote", "Agrícola Valle del Ebro", "Tecnologías Aurora S.L.",
	"Mueblería La Encina", "Centro Médico San Rafael", "Colegio Nuestra Señora del Pilar", "Lácteos Peñalara",
	"Cervecería La Montaña", "Viveros El Olivo", "Academia Cervantes", "Hotel Mirador de la Sierra",
	"Logística Atlántica", "Panificadora Santa Lucía", "Cooperativa Agrícola San Isidro", "Estudio Añil Diseño",
	"Ingeniería Ñandú", "Pescados Cantábrico", "Mármoles Macael",
}

var englishSurnames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
	"Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
	"Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
	"Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
}

var englishPatterns = []string{
	"%s & Sons Ltd", "%s Consulting LLC", "%s Logistics Inc.", "%s Dental Care", "%s Builders Ltd",
	"%s Hardware", "%s Bakery", "%s Legal Services", "%s Engineering Ltd", "%s Design Studio",
	"%s Catering Co.", "%s Motors", "%s Print Works", "%s Farms", "%s & Partners",
}

var englishStandalone = []string{
	"Bright Path Consulting", "Harbor Foods LLC", "Northwind Traders", "Blue Ridge Outfitters", "Oak & Iron Furniture",
	"Silver Birch Hotel", "Redwood Analytics", "Greenleaf Grocers", "Summit Physiotherapy", "Lighthouse Marine Supply",
}

type country struct {
	code, lang, phonePrefix, domain string
	cities                          []string
	weight                          int
}

var countries = []country{
	{"ES", "es", "+34", "es", []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao", "A Coruña", "Valladolid", "Córdoba", "Alicante", "Logroño"}, 60},
	{"MX", "es", "+52", "com.mx", []string{"Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida"}, 10},
	{"CO", "es", "+57", "com.co", []string{"Bogotá", "Medellín", "Cali", "Barranquilla"}, 7},
	{"AR", "es", "+54", "com.ar", []string{"Buenos Aires", "Córdoba", "Rosario", "Mendoza"}, 5},
	{"CL", "es", "+56", "cl", []string{"Santiago", "Valparaíso", "Concepción"}, 5},
	{"US", "en", "+1", "com", []string{"Miami", "Houston", "New York", "San Diego", "Chicago"}, 7},
	{"GB", "en", "+44", "co.uk", []string{"London", "Manchester", "Leeds", "Bristol", "Edinburgh"}, 6},
}

var industries = []string{
	"Construcción", "Hostelería", "Comercio", "Salud", "Transporte", "Tecnología", "Industria", "Agricultura",
	"Educación", "Servicios profesionales",
}

var products = []string{
	"Material de oficina", "Mantenimiento", "Consultoría", "Suministros", "Equipamiento", "Transporte",
	"Formación", "Licencias de software", "Repuestos", "Limpieza",
}

var streets = []string{"Calle Mayor", "Avenida de la Constitución", "Calle Real", "Paseo del Prado", "Calle Nueva", "Gran Vía", "Calle del Sol"}
